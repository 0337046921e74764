export { ConfigDeclaration, LoadProjectOptions, PlanError, ProgramProject, loadProject } from "./project";
export { PlanOptions, ProgramPlan, planProgram } from "./run";
export { PlanDocument, PlanResource, maskSecrets, planDocument, renderTree } from "./report";
