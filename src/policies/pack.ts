import type { ResilienceCheck } from "./model";
import { appsChecks } from "./apps";
import { automationChecks } from "./automation";
import { computeChecks } from "./compute";
import { dataChecks } from "./data";
import { frontdoorChecks } from "./frontdoor";
import { gatewayChecks } from "./gateway";
import { modelsChecks } from "./models";
import { monitorChecks } from "./monitor";
import { networkChecks } from "./network";
import { recoveryChecks } from "./recovery";

/** Every check of the pack, by area; one file per check under src/policies/<area>/. */
export const resilienceChecks: readonly ResilienceCheck[] = [
  ...frontdoorChecks,
  ...modelsChecks,
  ...gatewayChecks,
  ...networkChecks,
  ...recoveryChecks,
  ...automationChecks,
  ...dataChecks,
  ...computeChecks,
  ...appsChecks,
  ...monitorChecks,
];
