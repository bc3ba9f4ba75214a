// The provider object in every state of this resource (`__provider`): the whole export of this
// module, at this path, for the reasons in ../dynamic/shim.ts.

import { shimFor } from "../dynamic/shim";

export = shimFor("pulumi-aql-mvno/dist/provider/resources/sim/provider");
