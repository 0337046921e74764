export {
  ConfigDeclaration,
  LoadProjectOptions,
  PlanError,
  PlanUsageError,
  ProgramProject,
  loadProject,
} from "./project";
export { PlanOptions, ProgramPlan, defaultTimeoutSeconds, planProgram } from "./run";
export { StackExport, planStackExport, readStackExport } from "./state";
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
