import type * as pulumi from "@pulumi/pulumi";
import { fail, show } from "../errors";
import type { RegionPair } from "../regions/pair";

/**
 * Site Recovery churn tiers: how much data change per VM replication keeps up with.
 * https://learn.microsoft.com/azure/site-recovery/concepts-azure-to-azure-high-churn-support (2025-11-04)
 */
export const churnLimits = {
  /** Default: Standard general-purpose v2 cache account. */
  normal: { perVmMBps: 54, perDiskMBps: 20 },
  /** High Churn (GA): Premium block blob cache account, chosen when replication is enabled. */
  high: { perVmMBps: 100, perDiskMBps: 50 },
  /**
   * Enhanced churn: applied on top of High Churn when the VM has at least 256 GB RAM, a supported OS (Windows,
   * RHEL 9, SLES 15, Ubuntu 24.04), Mobility agent 9.66.7640.1 or later, Premium v1/v2 or Ultra source disks, and
   * both regions are in the list (page dated 2026-06-30, no longer a preview).
   */
  enhanced: { perVmMBps: 500, perDiskMBps: 250 },
} as const;

export type ChurnTier = keyof typeof churnLimits;

/** Disk types a replica or failed-over disk can have. */
export const diskTypes = [
  "PremiumV2_LRS",
  "Premium_LRS",
  "Premium_ZRS",
  "StandardSSD_LRS",
  "StandardSSD_ZRS",
  "Standard_LRS",
  "UltraSSD_LRS",
] as const;
export type DiskType = (typeof diskTypes)[number];

export const enhancedChurnMinimumMemoryGiB = 256;

/** One VM to protect. */
export interface ProtectedVmSpec<Name extends string = string> {
  /**
   * Stable key: names the protected item (`<name>-item-<key>`). Letters, digits and hyphens. `protectedItemIds`
   * is keyed by it, so a mistyped key does not compile.
   */
  name: Name;
  /** ARM id of the source VM (checked when known at construction). */
  vmId: pulumi.Input<string>;
  /** The OS disk: it cannot be Premium SSD v2. `targetDiskType` @default "Premium_LRS" */
  osDisk: { diskId: pulumi.Input<string>; targetDiskType?: DiskType };
  /**
   * Data disks; each replicates to, and fails over onto, `targetDiskType` (@default "Premium_LRS", Premium SSD).
   * "PremiumV2_LRS" and "UltraSSD_LRS" need churn "high" or "enhanced": "High Churn is the only option available to
   * protect VMs using Premium SSD v2/Ultra Disks" (the same holds for VMs whose source disks are of those types,
   * which the component cannot see from their ids). @default - none
   */
  dataDisks?: { name: string; diskId: pulumi.Input<string>; targetDiskType?: DiskType }[];
  /** Subnet of the standby VNet the failed-over VM joins. @default - the component's `recoverySubnetName` */
  recoverySubnetName?: string;
  /**
   * Availability zone of the failed-over VM in the standby region.
   * @default "1" when a data disk is Premium SSD v2 and the standby region has zones (Premium SSD v2 needs zonal VMs there), else none
   */
  targetAvailabilityZone?: "1" | "2" | "3";
  /**
   * Capacity reservation group in the standby region the failed-over VM is placed in, so its size is there when a
   * whole region fails over at once. https://learn.microsoft.com/azure/site-recovery/azure-to-azure-how-to-enable-replication
   * @default - none (on-demand capacity)
   */
  recoveryCapacityReservationGroupId?: pulumi.Input<string>;
  /** The VM's memory, to tell whether enhanced churn can apply (it needs 256 GB). @default - unknown */
  memoryGiB?: number;
  /** Boot group in the recovery plan (1 boots first). @default 1 */
  bootGroup?: number;
}

export interface ReplicationPolicySpec {
  /** How far back recovery points go, hours (Site Recovery keeps up to 15 days). @default 24 */
  recoveryPointRetentionHours?: number;
  /** App-consistent snapshot frequency, minutes: 0 (off) or 60-720, at most the retention. @default 240 */
  appConsistentFrequencyMinutes?: number;
  /** Crash-consistent recovery point frequency, minutes (Site Recovery takes one every 5 minutes). @default 5 */
  crashConsistentFrequencyMinutes?: number;
  /** Keep VMs of one multi-VM group crash-consistent with each other. @default true */
  multiVmSync?: boolean;
}

export interface ResolvedPolicy {
  readonly recoveryPointHistoryMinutes: number;
  readonly appConsistentFrequencyMinutes: number;
  readonly crashConsistentFrequencyMinutes: number;
  readonly multiVmSync: boolean;
}

export interface ResolvedVm {
  readonly spec: ProtectedVmSpec;
  readonly osTargetDiskType: DiskType;
  readonly dataDisks: readonly { name: string; diskId: pulumi.Input<string>; targetDiskType: DiskType }[];
  readonly recoverySubnetName: string;
  readonly targetAvailabilityZone?: string;
  readonly bootGroup: number;
  /** The churn tier that applies, and why. */
  readonly churn: { tier: ChurnTier; perVmMBps: number; reason: string };
}

export function resolvePolicy(spec: ReplicationPolicySpec | undefined): ResolvedPolicy {
  const s = spec ?? {};
  const hours = s.recoveryPointRetentionHours ?? 24;
  if (!Number.isInteger(hours) || hours < 1 || hours > 360) {
    fail(
      "replicationPolicy.recoveryPointRetentionHours",
      `replicationPolicy.recoveryPointRetentionHours must be a whole number of hours from 1 to 360 (15 days, Site Recovery's maximum), but got ${show(hours)}.`,
    );
  }
  const app = s.appConsistentFrequencyMinutes ?? 240;
  if (!Number.isInteger(app) || (app !== 0 && (app < 60 || app > 720))) {
    fail(
      "replicationPolicy.appConsistentFrequencyMinutes",
      `replicationPolicy.appConsistentFrequencyMinutes must be 0 (off) or a whole number of minutes from 60 to 720 (1-12 hours), but got ${show(app)}.`,
    );
  }
  if (app > hours * 60) {
    fail(
      "replicationPolicy.appConsistentFrequencyMinutes",
      `replicationPolicy.appConsistentFrequencyMinutes (${app}) cannot exceed the retention (${hours * 60} minutes): no app-consistent point would be kept.`,
    );
  }
  const crash = s.crashConsistentFrequencyMinutes ?? 5;
  if (!Number.isInteger(crash) || crash < 5 || crash > 60) {
    fail(
      "replicationPolicy.crashConsistentFrequencyMinutes",
      `replicationPolicy.crashConsistentFrequencyMinutes must be a whole number of minutes from 5 to 60, but got ${show(crash)}.`,
    );
  }
  return {
    recoveryPointHistoryMinutes: hours * 60,
    appConsistentFrequencyMinutes: app,
    crashConsistentFrequencyMinutes: crash,
    multiVmSync: s.multiVmSync ?? true,
  };
}

function diskType(argument: string, value: unknown, fallback: DiskType): DiskType {
  const type = value ?? fallback;
  if (!(diskTypes as readonly unknown[]).includes(type)) {
    fail(argument, `${argument} must be one of ${diskTypes.join(", ")}, but got ${show(type)}.`);
  }
  return type as DiskType;
}

/** Validates the VMs and works out disk types, zones and churn tier for each. */
export function resolveVms(
  pair: RegionPair,
  vms: readonly ProtectedVmSpec[] | undefined,
  churn: "normal" | "high" | "enhanced",
  defaultSubnet: string | undefined,
): ResolvedVm[] {
  if (!Array.isArray(vms) || vms.length === 0) {
    fail("virtualMachines", `virtualMachines must list at least one VM to protect, but got ${show(vms)}.`);
  }
  const standby = pair.standby;
  const seenDisks = new Map<string, string>();
  const names = new Set<string>();
  return vms.map((vm: ProtectedVmSpec, i: number): ResolvedVm => {
    const at = `virtualMachines[${i}]`;
    if (typeof vm?.name !== "string" || !/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(vm.name)) {
      fail(
        `${at}.name`,
        `${at}.name must be 1-40 lower-case letters, digits and hyphens, but got ${show(vm?.name)}.`,
      );
    }
    if (names.has(vm.name)) fail(`${at}.name`, `${at}.name "${vm.name}" is used by another VM.`);
    names.add(vm.name);
    // Ids not known yet (Outputs of resources in the same program) are checked by Azure instead.
    if (
      !vm.vmId ||
      (typeof vm.vmId === "string" &&
        !/\/providers\/Microsoft\.Compute\/virtualMachines\/[^/]+$/i.test(vm.vmId))
    ) {
      fail(
        `${at}.vmId`,
        `${at}.vmId must be the ARM id of a virtual machine (".../providers/Microsoft.Compute/virtualMachines/<name>"), but got ${show(vm.vmId)}.`,
      );
    }
    const claim = (argument: string, diskId: unknown) => {
      if (
        !diskId ||
        (typeof diskId === "string" && !/\/providers\/Microsoft\.Compute\/disks\/[^/]+$/i.test(diskId))
      ) {
        fail(
          argument,
          `${argument} must be the ARM id of a managed disk (".../providers/Microsoft.Compute/disks/<name>"), but got ${show(diskId)}.`,
        );
      }
      if (typeof diskId !== "string") return;
      const key = diskId.toLowerCase();
      const owner = seenDisks.get(key);
      if (owner) fail(argument, `${argument} is the same disk as ${owner}: each disk is replicated once.`);
      seenDisks.set(key, argument);
    };
    claim(`${at}.osDisk.diskId`, vm.osDisk?.diskId);
    const osTargetDiskType = diskType(`${at}.osDisk.targetDiskType`, vm.osDisk.targetDiskType, "Premium_LRS");
    if (osTargetDiskType === "PremiumV2_LRS" || osTargetDiskType === "UltraSSD_LRS") {
      fail(
        `${at}.osDisk.targetDiskType`,
        `${at}.osDisk.targetDiskType cannot be "${osTargetDiskType}": Premium SSD v2 and Ultra disks cannot be OS disks. Use "Premium_LRS" (Premium SSD) for the OS disk.`,
      );
    }
    const dataNames = new Set<string>();
    const dataDisks = (vm.dataDisks ?? []).map((disk, d) => {
      const dat = `${at}.dataDisks[${d}]`;
      if (typeof disk?.name !== "string" || disk.name === "")
        fail(`${dat}.name`, `${dat}.name is required, but got ${show(disk?.name)}.`);
      if (dataNames.has(disk.name))
        fail(`${dat}.name`, `${dat}.name "${disk.name}" is used by another disk of this VM.`);
      dataNames.add(disk.name);
      claim(`${dat}.diskId`, disk.diskId);
      const targetDiskType = diskType(`${dat}.targetDiskType`, disk.targetDiskType, "Premium_LRS");
      if ((targetDiskType === "PremiumV2_LRS" || targetDiskType === "UltraSSD_LRS") && churn === "normal") {
        // https://learn.microsoft.com/azure/site-recovery/azure-to-azure-how-to-enable-replication (2025-06-17)
        fail(
          `${dat}.targetDiskType`,
          `${dat}.targetDiskType "${targetDiskType}" needs a Premium block blob cache: "High Churn is the only option available to protect VMs using Premium SSD v2/Ultra Disks". Set churn: "high" (or "enhanced"), or use "Premium_LRS".`,
        );
      }
      if (targetDiskType === "PremiumV2_LRS" && !standby.premiumSsdV2) {
        fail(
          `${dat}.targetDiskType`,
          `${dat}.targetDiskType "PremiumV2_LRS" is not offered in the standby region ${standby.name}: choose "Premium_LRS", or a standby region with Premium SSD v2.`,
        );
      }
      return { name: disk.name, diskId: disk.diskId, targetDiskType };
    });
    const usesV2 = dataDisks.some((d) => d.targetDiskType === "PremiumV2_LRS");
    if (vm.targetAvailabilityZone !== undefined) {
      if (!["1", "2", "3"].includes(vm.targetAvailabilityZone)) {
        fail(
          `${at}.targetAvailabilityZone`,
          `${at}.targetAvailabilityZone must be "1", "2" or "3", but got ${show(vm.targetAvailabilityZone)}.`,
        );
      }
      if (!standby.availabilityZones) {
        fail(
          `${at}.targetAvailabilityZone`,
          `${at}.targetAvailabilityZone is set, but the standby region ${standby.name} has no availability zones.`,
        );
      }
    }
    const targetAvailabilityZone =
      vm.targetAvailabilityZone ?? (usesV2 && standby.availabilityZones ? "1" : undefined);
    const recoverySubnetName = vm.recoverySubnetName ?? defaultSubnet;
    if (!recoverySubnetName) {
      fail(
        `${at}.recoverySubnetName`,
        `${at}.recoverySubnetName is required when the component has no recoverySubnetName: the standby subnet the VM fails over into.`,
      );
    }
    const bootGroup = vm.bootGroup ?? 1;
    if (!Number.isInteger(bootGroup) || bootGroup < 1 || bootGroup > 7) {
      fail(
        `${at}.bootGroup`,
        `${at}.bootGroup must be a whole number from 1 to 7 (recovery plans have up to 7 boot groups), but got ${show(bootGroup)}.`,
      );
    }
    if (vm.memoryGiB !== undefined && (typeof vm.memoryGiB !== "number" || !(vm.memoryGiB > 0))) {
      fail(
        `${at}.memoryGiB`,
        `${at}.memoryGiB must be a positive number of GiB, but got ${show(vm.memoryGiB)}.`,
      );
    }
    if (churn === "enhanced" && vm.memoryGiB !== undefined && vm.memoryGiB < enhancedChurnMinimumMemoryGiB) {
      fail(
        `${at}.memoryGiB`,
        `churn "enhanced" needs VMs with at least ${enhancedChurnMinimumMemoryGiB} GB of memory, but ${vm.name} has ${vm.memoryGiB}: use churn "high" (100 MB/s per VM).`,
      );
    }
    return {
      spec: vm,
      osTargetDiskType,
      dataDisks,
      recoverySubnetName,
      ...(targetAvailabilityZone ? { targetAvailabilityZone } : {}),
      bootGroup,
      churn: churnTierFor(pair, churn, vm.memoryGiB),
    };
  });
}

/** The churn tier a VM gets, in plain words. */
export function churnTierFor(
  pair: RegionPair,
  chosen: "normal" | "high" | "enhanced",
  memoryGiB: number | undefined,
) {
  if (chosen === "normal") {
    return {
      tier: "normal" as ChurnTier,
      perVmMBps: churnLimits.normal.perVmMBps,
      reason: "normal churn: Standard general-purpose v2 cache account",
    };
  }
  const regionsOk = pair.primary.enhancedChurn && pair.standby.enhancedChurn;
  const memoryOk = memoryGiB !== undefined && memoryGiB >= enhancedChurnMinimumMemoryGiB;
  if (regionsOk && memoryOk) {
    return {
      tier: "enhanced" as ChurnTier,
      perVmMBps: churnLimits.enhanced.perVmMBps,
      reason: `enhanced churn: ${memoryGiB} GB RAM and both regions qualify; also needs a supported OS, Mobility agent 9.66.7640.1 or later and Premium v1/v2 or Ultra source disks`,
    };
  }
  const why = !regionsOk
    ? `enhanced churn is not offered for ${pair.primary.name} -> ${pair.standby.name}`
    : memoryGiB === undefined
      ? `enhanced churn (up to 500 MB/s) would apply with ${enhancedChurnMinimumMemoryGiB} GB RAM or more: give memoryGiB to know`
      : `enhanced churn needs ${enhancedChurnMinimumMemoryGiB} GB RAM, the VM has ${memoryGiB}`;
  return {
    tier: "high" as ChurnTier,
    perVmMBps: churnLimits.high.perVmMBps,
    reason: `high churn: Premium block blob cache account; ${why}`,
  };
}

/** Fails when enhanced churn is asked for a region pair that does not offer it. */
export function checkChurn(pair: RegionPair, churn: unknown): "normal" | "high" | "enhanced" {
  const value = churn ?? "normal";
  if (value !== "normal" && value !== "high" && value !== "enhanced") {
    fail("churn", `churn must be "normal", "high" or "enhanced", but got ${show(value)}.`);
  }
  if (value === "enhanced") {
    const missing = [pair.primary, pair.standby].filter((r) => !r.enhancedChurn).map((r) => r.name);
    if (missing.length > 0) {
      fail(
        "churn",
        `churn "enhanced" is not offered in ${missing.join(" and ")}: both regions must be in Site Recovery's enhanced-churn list ` +
          "(https://learn.microsoft.com/azure/site-recovery/concepts-azure-to-azure-high-churn-support; East US, for one, is not). " +
          'Use churn "high".',
      );
    }
  }
  return value;
}
