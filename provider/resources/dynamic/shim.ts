// The provider object serialized into every dynamic resource's state (`__provider`). Each
// resource's shim.ts is `export = shimFor(<its runtime module>)`: that object is then the whole
// export of its own module, so that for an installed package the serializer stores just a
// require() of that module (old states hold those paths: the modules must stay where they are).
// Serialized by value (a package reached through a symlink), each method captures only the
// runtime module's package path and `require`s it when called, then delegates. The logic thus
// lives in the installed package: a fix reaches old resources' deletes, and one process-wide
// gateway client serves every resource. See DESIGN.md, "How a dynamic resource is built here".
//
// Nothing may be used inside the methods but `require` and `runtime`: no imports, no helpers.

import type * as dynamic from "@pulumi/pulumi/dynamic";

type Props = Record<string, unknown>;

/** What a runtime module exports: the seven methods (its whole export is the provider). */
export interface RuntimeModule {
  configure(req: dynamic.ConfigureRequest): Promise<void>;
  check(olds: Props, news: Props): Promise<dynamic.CheckResult<Props>>;
  diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult>;
  create(inputs: Props): Promise<dynamic.CreateResult>;
  read(id: string, props?: Props): Promise<dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

/** The runtime module of a resource kind, by package name (as old states require it). */
export type RuntimePath = `pulumi-aql-mvno/dist/provider/resources/${string}/provider`;

/* eslint-disable @typescript-eslint/no-require-imports */
export function shimFor(runtime: RuntimePath): RuntimeModule {
  return {
    configure: (req) => (require(runtime) as RuntimeModule).configure(req),
    check: (olds, news) => (require(runtime) as RuntimeModule).check(olds, news),
    diff: (id, olds, news) => (require(runtime) as RuntimeModule).diff(id, olds, news),
    create: (inputs) => (require(runtime) as RuntimeModule).create(inputs),
    read: (id, props) => (require(runtime) as RuntimeModule).read(id, props),
    update: (id, olds, news) => (require(runtime) as RuntimeModule).update(id, olds, news),
    delete: (id, props) => (require(runtime) as RuntimeModule).delete(id, props),
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */
