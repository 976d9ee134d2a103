// jstat ships no types; these are the two quantile functions the lift statistics use.
declare module "jstat" {
  export const jStat: {
    normal: { inv(p: number, mean: number, sd: number): number };
    studentt: { inv(p: number, dof: number): number };
  };
}
