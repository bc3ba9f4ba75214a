// The provider object serialized into every Crisp's state (`__provider`). It is this module's
// whole export, so that for an installed package the serializer stores just a require() of this
// module; either way each method only require()s the compiled runtime by package name and
// delegates, capturing nothing else. The logic thus lives in the installed package: a fix
// reaches old resources' deletes, and one process-wide gateway client serves every resource.
// Nothing may be used inside the methods but `require`: no imports, no module-level helpers.
// See DESIGN.md, "How a dynamic resource is built here".

import type * as dynamic from "@pulumi/pulumi/dynamic";

type Runtime = typeof import("./provider");
type Props = Record<string, unknown>;

/* eslint-disable @typescript-eslint/no-require-imports */
const shim = {
  configure: (req: dynamic.ConfigureRequest) =>
    (require("pulumi-aql-mvno/dist/provider/resources/crisp/provider") as Runtime).configure(req),
  check: (olds: Props, news: Props) =>
    (require("pulumi-aql-mvno/dist/provider/resources/crisp/provider") as Runtime).check(
      olds,
      news,
    ),
  diff: (id: string, olds: Props, news: Props) =>
    (require("pulumi-aql-mvno/dist/provider/resources/crisp/provider") as Runtime).diff(
      id,
      olds,
      news,
    ),
  create: (inputs: Props) =>
    (require("pulumi-aql-mvno/dist/provider/resources/crisp/provider") as Runtime).create(inputs),
  read: (id: string, props?: Props) =>
    (require("pulumi-aql-mvno/dist/provider/resources/crisp/provider") as Runtime).read(id, props),
  update: (id: string, olds: Props, news: Props) =>
    (require("pulumi-aql-mvno/dist/provider/resources/crisp/provider") as Runtime).update(
      id,
      olds,
      news,
    ),
  delete: (id: string, props: Props) =>
    (require("pulumi-aql-mvno/dist/provider/resources/crisp/provider") as Runtime).delete(
      id,
      props,
    ),
} satisfies dynamic.ResourceProvider;
/* eslint-enable @typescript-eslint/no-require-imports */

export = shim;
