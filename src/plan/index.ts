export { ConfigDeclaration, LoadProjectOptions, PlanError, ProgramProject, loadProject } from "./project";
export { PlanOptions, ProgramPlan, planProgram } from "./run";
export {
  OriginGroupBudget,
  PlanDocument,
  PlanResource,
  maskSecrets,
  originGroupBudgets,
  planDocument,
  renderTree,
} from "./report";
