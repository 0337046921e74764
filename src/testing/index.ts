/**
 * Run Pulumi programs and components under the mock runtime with Azure-like mocks, and look at what they
 * registered. Used by this library's tests and `plan`; exported as `azure-ai-failover/testing` for yours.
 */
export {
  RecordOptions,
  RecordedCall,
  RecordedResource,
  Recording,
  PulumiSdk,
  record,
  sdkFor,
  secretMask,
} from "./harness";
export {
  AzureMocks,
  AzureMocksOptions,
  OutputComputer,
  OutputContext,
  defaultOutputs,
  guidFrom,
} from "./mocks";
export { armId, armTypeOf } from "./arm";
