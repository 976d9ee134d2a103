// jstat ships no types; these are the two quantile functions the lift statistics use. It is a
// CommonJS module: Node's ESM loader (tsx, the bench) offers only its default export.
declare module "jstat" {
  type JStat = {
    normal: { inv(p: number, mean: number, sd: number): number };
    studentt: { inv(p: number, dof: number): number };
  };
  const jstat: { jStat: JStat };
  export default jstat;
}
