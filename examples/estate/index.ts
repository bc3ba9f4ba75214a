// Hunslet Logistics' SIM estate: one Sim per row of inventory.csv (with voicemail and call
// recording where the row configures them). The repository's Pulumi.yaml runs this program, so
// after `npm run demo`, edit inventory.csv and run `pulumi preview` / `pulumi up` in the
// repository's root. The inventory's columns: docs/ESTATE.md.

import * as path from "node:path";
import { SimEstate } from "pulumi-aql-mvno";

const estate = new SimEstate("hunslet", {
  // A mistake in the file stops the preview with ".../inventory.csv:7:5: postcode ...".
  inventory: path.join(__dirname, "inventory.csv"),
  defaults: {
    // Rows with an empty services cell (office and warehouse phones) get these.
    services: {
      moVoice: true,
      mtVoice: true,
      moSms: true,
      mtSms: true,
      internet: true,
      intRoaming: false,
      intCall: false,
    },
    deletionPolicy: "terminate",
  },
});

/** SIMs by state, SIMs per service, voicemail and recording counts, the numbers in use. */
export const summary = estate.summary;
