export { ConfigDeclaration, LoadProjectOptions, PlanError, ProgramProject, loadProject } from "./project";
export { PlanOptions, ProgramPlan, planProgram } from "./run";
export { BudgetStage, OriginGroupBudget, failoverBudget, originGroupBudgets } from "./budget";
export { Lane, Topology, TopologyNode, mermaid, svg, topology } from "./diagram";
export {
  PlanAnalysis,
  PlanDocument,
  PlanResource,
  analyze,
  maskSecrets,
  plainSecretWarning,
  planDocument,
  renderMarkdown,
  renderTree,
} from "./report";
