export {
  GloballyUniqueKind,
  NameRule,
  checkName,
  childName,
  globalName,
  nameRules,
  uniqueName,
  uniqueSuffix,
  uniqueSuffixLength,
} from "./names";
