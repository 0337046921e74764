import { PolicyCase, res, stack } from "./builder";

const T = {
  vm: "azure-native:compute:VirtualMachine",
  vmss: "azure-native:compute:VirtualMachineScaleSet",
  disk: "azure-native:compute:Disk",
  aks: "azure-native:containerservice:ManagedCluster",
  pool: "azure-native:containerservice:AgentPool",
};

/** A VM written the way Microsoft's guidance asks; `over` changes fields. */
const vm = (over: Record<string, unknown> = {}, type = T.vm) =>
  res(type, {
    location: "eastus2",
    zones: ["1"],
    hardwareProfile: { vmSize: "Standard_D4s_v5" },
    storageProfile: {
      osDisk: { createOption: "FromImage", managedDisk: { storageAccountType: "Premium_ZRS" } },
      dataDisks: [
        {
          lun: 0,
          createOption: "Empty",
          diskSizeGB: 128,
          managedDisk: { storageAccountType: "Premium_ZRS" },
        },
      ],
    },
    securityProfile: { encryptionAtHost: true },
    diagnosticsProfile: { bootDiagnostics: { enabled: true } },
    networkProfile: {
      networkApiVersion: "2020-11-01",
      networkInterfaceConfigurations: [
        {
          name: "nic",
          primary: true,
          ipConfigurations: [{ name: "ipconfig", subnet: { id: "/subscriptions/x/subnets/app" } }],
        },
      ],
    },
    ...over,
  });

const vmss = (over: Record<string, unknown> = {}, type = T.vmss) =>
  res(type, {
    location: "eastus2",
    zones: ["1", "2", "3"],
    orchestrationMode: "Flexible",
    platformFaultDomainCount: 1,
    sku: { name: "Standard_D4s_v5", capacity: 3 },
    automaticRepairsPolicy: { enabled: true, gracePeriod: "PT10M" },
    upgradePolicy: { mode: "Rolling" },
    virtualMachineProfile: { securityProfile: { encryptionAtHost: true } },
    ...over,
  });

const disk = (over: Record<string, unknown> = {}, type = T.disk) =>
  res(type, {
    location: "eastus2",
    creationData: { createOption: "Empty" },
    diskSizeGB: 128,
    sku: { name: "Premium_ZRS" },
    networkAccessPolicy: "DenyAll",
    publicNetworkAccess: "Disabled",
    encryption: {
      type: "EncryptionAtRestWithCustomerKey",
      diskEncryptionSetId:
        "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des",
    },
    ...over,
  });

const systemPool = (over: Record<string, unknown> = {}) => ({
  name: "system",
  mode: "System",
  count: 3,
  vmSize: "Standard_D4s_v5",
  availabilityZones: ["1", "2", "3"],
  ...over,
});

const aks = (over: Record<string, unknown> = {}, type = T.aks, name?: string) =>
  res(
    type,
    {
      location: "eastus2",
      dnsPrefix: "agents",
      sku: { name: "Base", tier: "Standard" },
      agentPoolProfiles: [systemPool()],
      disableLocalAccounts: true,
      aadProfile: { managed: true, enableAzureRBAC: true },
      apiServerAccessProfile: { enablePrivateCluster: true },
      autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
      addonProfiles: { azurepolicy: { enabled: true } },
      ...over,
    },
    { name },
  );

export const cases: Record<string, PolicyCase> = {
  "compute-vm-require-zones": {
    compliant: [
      stack(vm()),
      stack(vm({ location: "northcentralus", zones: undefined })),
      stack(
        vm({
          zones: undefined,
          virtualMachineScaleSet: { id: "/subscriptions/x/virtualMachineScaleSets/app" },
        }),
      ),
    ],
    failing: [
      { ...stack(vm({ zones: undefined })), expect: /no zone in eastus2/ },
      // No location: the provider's default region (eastus2, zonal) applies.
      {
        resources: [vm({ location: undefined, zones: [] }, "azure-native:compute/v20230301:VirtualMachine")],
        context: { defaultLocation: "eastus2" },
        expect: /no zone in eastus2/,
      },
    ],
  },
  "compute-vm-require-managed-disks": {
    compliant: [stack(vm())],
    failing: [
      {
        ...stack(
          vm({
            storageProfile: {
              osDisk: {
                createOption: "FromImage",
                vhd: { uri: "https://st.blob.core.windows.net/vhds/os.vhd" },
              },
            },
          }),
        ),
        expect: /the OS disk is an unmanaged VHD/,
      },
      {
        ...stack(
          vm({
            storageProfile: {
              osDisk: { createOption: "FromImage" },
              dataDisks: [{ lun: 1, createOption: "Empty", vhd: { uri: "https://st/d.vhd" } }],
            },
          }),
        ),
        expect: /data disk 1 is an unmanaged VHD/,
      },
    ],
  },
  "compute-vm-enable-encryption-at-host": {
    compliant: [stack(vm()), stack(vmss())],
    failing: [
      {
        ...stack(vm({ securityProfile: undefined })),
        expect: /securityProfile.encryptionAtHost is not true/,
      },
      {
        ...stack(vmss({ virtualMachineProfile: {} })),
        expect: /virtualMachineProfile.securityProfile.encryptionAtHost/,
      },
    ],
  },
  "compute-vm-enable-boot-diagnostics": {
    compliant: [stack(vm())],
    failing: [
      { ...stack(vm({ diagnosticsProfile: undefined })), expect: /boot diagnostics are off/ },
      {
        ...stack(vm({ diagnosticsProfile: { bootDiagnostics: { enabled: false } } })),
        expect: /no serial log/,
      },
    ],
  },
  "compute-vm-deny-public-ip": {
    compliant: [
      stack(vm()),
      stack(
        vm({ networkProfile: { networkInterfaces: [{ id: "/subscriptions/x/networkInterfaces/nic" }] } }),
      ),
    ],
    failing: [
      {
        ...stack(
          vm({
            networkProfile: {
              networkInterfaceConfigurations: [
                {
                  name: "nic",
                  ipConfigurations: [
                    {
                      name: "ipconfig",
                      publicIPAddressConfiguration: { name: "pip", sku: { name: "Standard" } },
                    },
                  ],
                },
              ],
            },
          }),
        ),
        expect: /network interface nic gives the VM a public IP \(ipConfiguration ipconfig\)/,
      },
    ],
  },
  "compute-vmss-require-zones": {
    compliant: [stack(vmss()), stack(vmss({ location: "northcentralus", zones: undefined }))],
    failing: [
      { ...stack(vmss({ zones: undefined })), expect: /in no zone of eastus2/ },
      {
        ...stack(vmss({ zones: ["2"] }, "azure-native:compute/v20230901:VirtualMachineScaleSet")),
        expect: /only zone 2 of eastus2/,
      },
    ],
  },
  "compute-vmss-enable-automatic-repairs": {
    compliant: [stack(vmss())],
    failing: [
      { ...stack(vmss({ automaticRepairsPolicy: undefined })), expect: /automatic instance repairs are off/ },
      { ...stack(vmss({ automaticRepairsPolicy: { enabled: false } })), expect: /keeps its place/ },
    ],
  },
  "compute-vmss-disable-strict-zone-balance": {
    compliant: [stack(vmss()), stack(vmss({ zoneBalance: false }))],
    failing: [{ ...stack(vmss({ zoneBalance: true })), expect: /zoneBalance is true/ }],
  },
  "compute-vmss-avoid-simultaneous-upgrade": {
    compliant: [stack(vmss()), stack(vmss({ upgradePolicy: { mode: "Manual" } }))],
    failing: [
      {
        ...stack(vmss({ upgradePolicy: { mode: "Automatic" } })),
        expect: /updates every instance at the same time/,
      },
      {
        ...stack(vmss({ upgradePolicy: { mode: "automatic" } })),
        expect: /upgradePolicy.mode is 'Automatic'/,
      },
    ],
  },
  "compute-vmss-prefer-flexible-orchestration": {
    compliant: [stack(vmss()), stack(vmss({ orchestrationMode: "flexible" }))],
    failing: [{ ...stack(vmss({ orchestrationMode: "Uniform" })), expect: /orchestrationMode is "Uniform"/ }],
  },
  "compute-disk-restrict-network-access": {
    compliant: [
      stack(disk()),
      stack(disk({ networkAccessPolicy: "AllowPrivate", diskAccessId: "/subscriptions/x/diskAccesses/da" })),
    ],
    failing: [
      { ...stack(disk({ networkAccessPolicy: undefined })), expect: /networkAccessPolicy is "AllowAll"/ },
      { ...stack(disk({ publicNetworkAccess: "enabled" })), expect: /import\/export endpoint is public/ },
    ],
  },
  "compute-disk-require-zone-redundancy": {
    compliant: [
      stack(disk()),
      stack(disk({ sku: { name: "Premium_LRS" }, zones: ["1"] })),
      stack(disk({ sku: { name: "Premium_LRS" }, location: "northcentralus" })),
    ],
    failing: [
      {
        ...stack(disk({ sku: { name: "Premium_LRS" } })),
        expect: /\(Premium_LRS\) is neither zone-redundant nor placed in a zone of eastus2/,
      },
      {
        resources: [disk({ sku: undefined, location: undefined }, "azure-native:compute/v20240302:Disk")],
        context: { defaultLocation: "eastus2" },
        expect: /sku not set/,
      },
    ],
  },
  "compute-disk-require-customer-managed-key": {
    compliant: [
      stack(disk()),
      stack(
        disk({
          encryption: { type: "encryptionatrestwithplatformandcustomerkeys", diskEncryptionSetId: "/des" },
        }),
      ),
    ],
    failing: [
      { ...stack(disk({ encryption: undefined })), expect: /platform-managed keys only/ },
      {
        ...stack(disk({ encryption: { type: "EncryptionAtRestWithCustomerKey" } })),
        expect: /no diskEncryptionSetId/,
      },
    ],
  },
  "compute-aks-require-zones": {
    compliant: [
      stack(aks()),
      stack(
        aks({
          location: "northcentralus",
          agentPoolProfiles: [systemPool({ availabilityZones: undefined })],
        }),
      ),
      (() => {
        const cluster = aks({}, T.aks, "agents");
        return stack(
          cluster,
          res(
            T.pool,
            { resourceName: "agents", mode: "User", count: 3, availabilityZones: ["1", "2", "3"] },
            { dependsOn: [cluster] },
          ),
        );
      })(),
    ],
    failing: [
      {
        ...stack(aks({ agentPoolProfiles: [systemPool({ availabilityZones: undefined })] })),
        expect: /node pool system is in no zone of eastus2/,
      },
      (() => {
        const cluster = aks({}, "azure-native:containerservice/v20240701:ManagedCluster", "agents");
        return {
          ...stack(
            cluster,
            res(T.pool, {
              resourceName: "agents",
              agentPoolName: "gpu",
              mode: "User",
              count: 2,
              availabilityZones: ["1"],
            }),
          ),
          expect: /node pool gpu is in only zone 1 of eastus2/,
        };
      })(),
    ],
  },
  "compute-aks-disable-local-accounts": {
    compliant: [stack(aks())],
    failing: [
      { ...stack(aks({ disableLocalAccounts: undefined })), expect: /local accounts are on/ },
      { ...stack(aks({ disableLocalAccounts: false })), expect: /static admin credentials/ },
    ],
  },
  "compute-aks-restrict-api-server": {
    compliant: [
      stack(aks()),
      stack(aks({ apiServerAccessProfile: { authorizedIPRanges: ["203.0.113.0/24"] } })),
    ],
    failing: [
      {
        ...stack(aks({ apiServerAccessProfile: undefined })),
        expect: /API server is public with no authorized IP ranges/,
      },
      {
        ...stack(aks({ apiServerAccessProfile: { enablePrivateCluster: false, authorizedIPRanges: [] } })),
        expect: /control plane/,
      },
    ],
  },
  "compute-aks-require-standard-tier": {
    compliant: [stack(aks()), stack(aks({ sku: { name: "Base", tier: "premium" } }))],
    failing: [
      { ...stack(aks({ sku: undefined })), expect: /on the "Free" tier/ },
      { ...stack(aks({ sku: { name: "Base", tier: "Free" } })), expect: /no uptime SLA/ },
    ],
  },
  "compute-aks-enable-auto-upgrade": {
    compliant: [stack(aks()), stack(aks({ autoUpgradeProfile: { upgradeChannel: "Stable" } }))],
    failing: [
      { ...stack(aks({ autoUpgradeProfile: undefined })), expect: /auto-upgrade channel is "none"/ },
      { ...stack(aks({ autoUpgradeProfile: { upgradeChannel: "None" } })), expect: /falls out of support/ },
    ],
  },
  "compute-aks-enable-azure-policy": {
    compliant: [stack(aks()), stack(aks({ addonProfiles: { azurePolicy: { enabled: true } } }))],
    failing: [
      { ...stack(aks({ addonProfiles: undefined })), expect: /Azure Policy add-on is not enabled/ },
      { ...stack(aks({ addonProfiles: { azurepolicy: { enabled: false } } })), expect: /no policy governs/ },
    ],
  },
  "compute-aks-system-pool-min-nodes": {
    compliant: [
      stack(aks()),
      stack(
        aks({
          agentPoolProfiles: [
            systemPool({ count: 3, enableAutoScaling: true, minCount: 3, maxCount: 6 }),
            { name: "user", mode: "User", count: 1 },
          ],
        }),
      ),
    ],
    failing: [
      {
        ...stack(aks({ agentPoolProfiles: [systemPool({ count: undefined })] })),
        expect: /system node pool system has count 1 \(the default\), under 3/,
      },
      {
        ...stack(
          aks({ agentPoolProfiles: [systemPool({ enableAutoScaling: true, minCount: 2, maxCount: 5 })] }),
        ),
        expect: /minCount 2, under 3/,
      },
      {
        ...stack(res(T.pool, { agentPoolName: "sys2", mode: "system", count: 3 })),
        settings: { minimumNodes: 5 },
        expect: /sys2 has count 3, under 5/,
      },
    ],
  },
};
