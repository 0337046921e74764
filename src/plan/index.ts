export { ConfigDeclaration, LoadProjectOptions, PlanError, ProgramProject, loadProject } from "./project";
export { PlanOptions, ProgramPlan, planProgram } from "./run";
export { BudgetStage, OriginGroupBudget, failoverBudget, originGroupBudgets } from "./budget";
export { Topology, TopologyNode, mermaid, svg, topology } from "./diagram";
export {
  PlanAnalysis,
  PlanDocument,
  PlanResource,
  analyze,
  maskSecrets,
  planDocument,
  renderMarkdown,
  renderTree,
} from "./report";
