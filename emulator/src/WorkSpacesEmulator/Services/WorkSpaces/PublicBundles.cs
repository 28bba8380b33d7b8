namespace WorkSpacesEmulator.Services.WorkSpaces;

/// <summary>One Amazon-owned public bundle: what DescribeWorkspaceBundles shows plus what a WorkSpace launched
/// from it runs with (operating system, streaming protocol).</summary>
public sealed record PublicBundle(string BundleId, string Name, string Description, string ImageId, string ComputeType,
    string RootCapacity, string UserCapacity, string OperatingSystemName, string Protocol)
{
    public bool IsWindows => OperatingSystemName.StartsWith("WINDOWS", StringComparison.Ordinal);
}

/// <summary>The Amazon-owned public bundle catalog (Owner "AMAZON"): current Windows Server 2022/2019-based,
/// Amazon Linux 2 and Ubuntu 22.04 bundles across the compute types, with AWS's default volume sizes
/// (Value 80/10, Standard 80/50, Performance 80/100, Power/PowerPro/GeneralPurpose 175/100, Graphics.g4dn 100/100).</summary>
public static class PublicBundles
{
    // Difference from AWS: apart from the four ids AWS documents (first below), bundle and image ids are stable
    // emulator ids, the same in every Region (AWS's differ per Region), and the catalog is a fixed snapshot.
    public static readonly DateTimeOffset CreationTime = new(2023, 6, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LastUpdatedTime = new(2025, 9, 15, 0, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<PublicBundle> All =
    [
        // AWS's own ids, as documented and used by Terraform, CloudFormation and AWS CLI examples, so scripts written
        // against AWS find them (names, compute types and volume sizes as AWS reports them; image ids are the emulator's).
        new("wsb-bh8rsxt14", "Value with Windows 10 (English)", "Windows 10 Experience powered by Windows Server 2019 with PCoIP 1 vCPU 2GiB Memory 10GB Storage (English)", "wsi-3cn5k1pfe", "VALUE", "80", "10", "WINDOWS_SERVER_2019", "PCOIP"),
        new("wsb-gk1wpk43z", "Standard with Windows 10 (English)", "Windows 10 Experience powered by Windows Server 2019 with PCoIP 2 vCPU 4GiB Memory 50GB Storage (English)", "wsi-3cn5k1pfe", "STANDARD", "80", "50", "WINDOWS_SERVER_2019", "PCOIP"),
        new("wsb-df76rqys9", "Value with Windows 10 and Office 2016", "Windows 10 Experience powered by Windows Server 2016 with Office 2016 and PCoIP 1 vCPU 2GiB Memory 10GB Storage", "wsi-8q0mtkd2b", "VALUE", "80", "10", "WINDOWS_SERVER_2016", "PCOIP"),
        new("wsb-b0s22j3d7", "Performance with Windows 7", "Windows 7 Experience provided by Windows Server 2008 R2 with PCoIP 2 vCPU 7.5GiB Memory 100GB Storage", "wsi-5v7dpq9mx", "PERFORMANCE", "80", "100", "WINDOWS_7", "PCOIP"),
        new("wsb-chitmgj10", "Value with Windows 10 (Server 2022 based) (DCV)", "Windows 10 Experience provided by Windows Server 2022 with DCV 1 vCPU 2GiB Memory 10GB User Storage", "wsi-zjuquepw7", "VALUE", "80", "10", "WINDOWS_SERVER_2022", "WSP"),
        new("wsb-l1imsc8ma", "Value with Windows 10 (Server 2022 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2022 with PCoIP 1 vCPU 2GiB Memory 10GB User Storage", "wsi-wu75xks93", "VALUE", "80", "10", "WINDOWS_SERVER_2022", "PCOIP"),
        new("wsb-v0xfjcpvf", "Standard with Windows 10 (Server 2022 based) (DCV)", "Windows 10 Experience provided by Windows Server 2022 with DCV 2 vCPU 4GiB Memory 50GB User Storage", "wsi-zjuquepw7", "STANDARD", "80", "50", "WINDOWS_SERVER_2022", "WSP"),
        new("wsb-xshii8df6", "Standard with Windows 10 (Server 2022 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2022 with PCoIP 2 vCPU 4GiB Memory 50GB User Storage", "wsi-wu75xks93", "STANDARD", "80", "50", "WINDOWS_SERVER_2022", "PCOIP"),
        new("wsb-1i2uk38rj", "Performance with Windows 10 (Server 2022 based) (DCV)", "Windows 10 Experience provided by Windows Server 2022 with DCV 2 vCPU 8GiB Memory 100GB User Storage", "wsi-zjuquepw7", "PERFORMANCE", "80", "100", "WINDOWS_SERVER_2022", "WSP"),
        new("wsb-9r67qwm0s", "Performance with Windows 10 (Server 2022 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2022 with PCoIP 2 vCPU 8GiB Memory 100GB User Storage", "wsi-wu75xks93", "PERFORMANCE", "80", "100", "WINDOWS_SERVER_2022", "PCOIP"),
        new("wsb-suhm5prp9", "Power with Windows 10 (Server 2022 based) (DCV)", "Windows 10 Experience provided by Windows Server 2022 with DCV 4 vCPU 16GiB Memory 100GB User Storage", "wsi-zjuquepw7", "POWER", "175", "100", "WINDOWS_SERVER_2022", "WSP"),
        new("wsb-yee4euc24", "Power with Windows 10 (Server 2022 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2022 with PCoIP 4 vCPU 16GiB Memory 100GB User Storage", "wsi-wu75xks93", "POWER", "175", "100", "WINDOWS_SERVER_2022", "PCOIP"),
        new("wsb-rbcahhl0z", "PowerPro with Windows 10 (Server 2022 based) (DCV)", "Windows 10 Experience provided by Windows Server 2022 with DCV 8 vCPU 32GiB Memory 100GB User Storage", "wsi-zjuquepw7", "POWERPRO", "175", "100", "WINDOWS_SERVER_2022", "WSP"),
        new("wsb-xxs2869oc", "PowerPro with Windows 10 (Server 2022 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2022 with PCoIP 8 vCPU 32GiB Memory 100GB User Storage", "wsi-wu75xks93", "POWERPRO", "175", "100", "WINDOWS_SERVER_2022", "PCOIP"),
        new("wsb-e22uo5001", "GeneralPurpose.4xlarge with Windows 10 (Server 2022 based) (DCV)", "Windows 10 Experience provided by Windows Server 2022 with DCV 16 vCPU 64GiB Memory 100GB User Storage", "wsi-zjuquepw7", "GENERALPURPOSE_4XLARGE", "175", "100", "WINDOWS_SERVER_2022", "WSP"),
        new("wsb-i0wi4riqy", "GeneralPurpose.4xlarge with Windows 10 (Server 2022 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2022 with PCoIP 16 vCPU 64GiB Memory 100GB User Storage", "wsi-wu75xks93", "GENERALPURPOSE_4XLARGE", "175", "100", "WINDOWS_SERVER_2022", "PCOIP"),
        new("wsb-wyxt3bzh6", "GeneralPurpose.8xlarge with Windows 10 (Server 2022 based) (DCV)", "Windows 10 Experience provided by Windows Server 2022 with DCV 32 vCPU 128GiB Memory 100GB User Storage", "wsi-zjuquepw7", "GENERALPURPOSE_8XLARGE", "175", "100", "WINDOWS_SERVER_2022", "WSP"),
        new("wsb-7rw313p2z", "GeneralPurpose.8xlarge with Windows 10 (Server 2022 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2022 with PCoIP 32 vCPU 128GiB Memory 100GB User Storage", "wsi-wu75xks93", "GENERALPURPOSE_8XLARGE", "175", "100", "WINDOWS_SERVER_2022", "PCOIP"),
        new("wsb-g3tj88b0d", "Graphics.g4dn with Windows 10 (Server 2022 based) (DCV)", "Windows 10 Experience provided by Windows Server 2022 with DCV 4 vCPU 16GiB Memory 1 GPU 16GiB Video Memory 100GB User Storage", "wsi-ivp5ajqmc", "GRAPHICS_G4DN", "100", "100", "WINDOWS_SERVER_2022", "WSP"),
        new("wsb-x5dxxr9au", "GraphicsPro.g4dn with Windows 10 (Server 2022 based) (DCV)", "Windows 10 Experience provided by Windows Server 2022 with DCV 16 vCPU 64GiB Memory 1 GPU 16GiB Video Memory 100GB User Storage", "wsi-ivp5ajqmc", "GRAPHICSPRO_G4DN", "100", "100", "WINDOWS_SERVER_2022", "WSP"),
        new("wsb-z6d1yci1s", "Value with Windows 10 (Server 2019 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2019 with PCoIP 1 vCPU 2GiB Memory 10GB User Storage", "wsi-41pc0ihr3", "VALUE", "80", "10", "WINDOWS_SERVER_2019", "PCOIP"),
        new("wsb-m4tcjc5eu", "Value with Windows 10 (Server 2019 based) (DCV)", "Windows 10 Experience provided by Windows Server 2019 with DCV 1 vCPU 2GiB Memory 10GB User Storage", "wsi-2zjjdporh", "VALUE", "80", "10", "WINDOWS_SERVER_2019", "WSP"),
        new("wsb-rjua95c6h", "Standard with Windows 10 (Server 2019 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2019 with PCoIP 2 vCPU 4GiB Memory 50GB User Storage", "wsi-41pc0ihr3", "STANDARD", "80", "50", "WINDOWS_SERVER_2019", "PCOIP"),
        new("wsb-hyf3fzlmb", "Standard with Windows 10 (Server 2019 based) (DCV)", "Windows 10 Experience provided by Windows Server 2019 with DCV 2 vCPU 4GiB Memory 50GB User Storage", "wsi-2zjjdporh", "STANDARD", "80", "50", "WINDOWS_SERVER_2019", "WSP"),
        new("wsb-eyvbo2ywj", "Performance with Windows 10 (Server 2019 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2019 with PCoIP 2 vCPU 8GiB Memory 100GB User Storage", "wsi-41pc0ihr3", "PERFORMANCE", "80", "100", "WINDOWS_SERVER_2019", "PCOIP"),
        new("wsb-4i4batmra", "Performance with Windows 10 (Server 2019 based) (DCV)", "Windows 10 Experience provided by Windows Server 2019 with DCV 2 vCPU 8GiB Memory 100GB User Storage", "wsi-2zjjdporh", "PERFORMANCE", "80", "100", "WINDOWS_SERVER_2019", "WSP"),
        new("wsb-x4lv9at8l", "Power with Windows 10 (Server 2019 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2019 with PCoIP 4 vCPU 16GiB Memory 100GB User Storage", "wsi-41pc0ihr3", "POWER", "175", "100", "WINDOWS_SERVER_2019", "PCOIP"),
        new("wsb-pe6g1wjkd", "Power with Windows 10 (Server 2019 based) (DCV)", "Windows 10 Experience provided by Windows Server 2019 with DCV 4 vCPU 16GiB Memory 100GB User Storage", "wsi-2zjjdporh", "POWER", "175", "100", "WINDOWS_SERVER_2019", "WSP"),
        new("wsb-183vmpalf", "PowerPro with Windows 10 (Server 2019 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2019 with PCoIP 8 vCPU 32GiB Memory 100GB User Storage", "wsi-41pc0ihr3", "POWERPRO", "175", "100", "WINDOWS_SERVER_2019", "PCOIP"),
        new("wsb-9y31987ca", "PowerPro with Windows 10 (Server 2019 based) (DCV)", "Windows 10 Experience provided by Windows Server 2019 with DCV 8 vCPU 32GiB Memory 100GB User Storage", "wsi-2zjjdporh", "POWERPRO", "175", "100", "WINDOWS_SERVER_2019", "WSP"),
        new("wsb-mtoff7sbo", "GeneralPurpose.4xlarge with Windows 10 (Server 2019 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2019 with PCoIP 16 vCPU 64GiB Memory 100GB User Storage", "wsi-41pc0ihr3", "GENERALPURPOSE_4XLARGE", "175", "100", "WINDOWS_SERVER_2019", "PCOIP"),
        new("wsb-6pdiyhddh", "GeneralPurpose.4xlarge with Windows 10 (Server 2019 based) (DCV)", "Windows 10 Experience provided by Windows Server 2019 with DCV 16 vCPU 64GiB Memory 100GB User Storage", "wsi-2zjjdporh", "GENERALPURPOSE_4XLARGE", "175", "100", "WINDOWS_SERVER_2019", "WSP"),
        new("wsb-6rgn25p2s", "GeneralPurpose.8xlarge with Windows 10 (Server 2019 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2019 with PCoIP 32 vCPU 128GiB Memory 100GB User Storage", "wsi-41pc0ihr3", "GENERALPURPOSE_8XLARGE", "175", "100", "WINDOWS_SERVER_2019", "PCOIP"),
        new("wsb-rb072128o", "GeneralPurpose.8xlarge with Windows 10 (Server 2019 based) (DCV)", "Windows 10 Experience provided by Windows Server 2019 with DCV 32 vCPU 128GiB Memory 100GB User Storage", "wsi-2zjjdporh", "GENERALPURPOSE_8XLARGE", "175", "100", "WINDOWS_SERVER_2019", "WSP"),
        new("wsb-ygir5adx8", "Graphics.g4dn with Windows 10 (Server 2019 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2019 with PCoIP 4 vCPU 16GiB Memory 1 GPU 16GiB Video Memory 100GB User Storage", "wsi-sbyf0wvd1", "GRAPHICS_G4DN", "100", "100", "WINDOWS_SERVER_2019", "PCOIP"),
        new("wsb-3wsbsd27y", "GraphicsPro.g4dn with Windows 10 (Server 2019 based) (PCoIP)", "Windows 10 Experience provided by Windows Server 2019 with PCoIP 16 vCPU 64GiB Memory 1 GPU 16GiB Video Memory 100GB User Storage", "wsi-sbyf0wvd1", "GRAPHICSPRO_G4DN", "100", "100", "WINDOWS_SERVER_2019", "PCOIP"),
        new("wsb-z5dllfd37", "Value with Amazon Linux 2 (DCV)", "Amazon Linux 2 with DCV 1 vCPU 2GiB Memory 10GB User Storage", "wsi-f5ic09zf1", "VALUE", "80", "10", "AMAZON_LINUX_2", "WSP"),
        new("wsb-hj4vz1y96", "Value with Amazon Linux 2 (PCoIP)", "Amazon Linux 2 with PCoIP 1 vCPU 2GiB Memory 10GB User Storage", "wsi-4regrzhfc", "VALUE", "80", "10", "AMAZON_LINUX_2", "PCOIP"),
        new("wsb-drg6iwsvf", "Standard with Amazon Linux 2 (DCV)", "Amazon Linux 2 with DCV 2 vCPU 4GiB Memory 50GB User Storage", "wsi-f5ic09zf1", "STANDARD", "80", "50", "AMAZON_LINUX_2", "WSP"),
        new("wsb-ygu5y50sn", "Standard with Amazon Linux 2 (PCoIP)", "Amazon Linux 2 with PCoIP 2 vCPU 4GiB Memory 50GB User Storage", "wsi-4regrzhfc", "STANDARD", "80", "50", "AMAZON_LINUX_2", "PCOIP"),
        new("wsb-t1aslkp86", "Performance with Amazon Linux 2 (DCV)", "Amazon Linux 2 with DCV 2 vCPU 8GiB Memory 100GB User Storage", "wsi-f5ic09zf1", "PERFORMANCE", "80", "100", "AMAZON_LINUX_2", "WSP"),
        new("wsb-s9vc3fuf9", "Performance with Amazon Linux 2 (PCoIP)", "Amazon Linux 2 with PCoIP 2 vCPU 8GiB Memory 100GB User Storage", "wsi-4regrzhfc", "PERFORMANCE", "80", "100", "AMAZON_LINUX_2", "PCOIP"),
        new("wsb-74enbtfdm", "Power with Amazon Linux 2 (DCV)", "Amazon Linux 2 with DCV 4 vCPU 16GiB Memory 100GB User Storage", "wsi-f5ic09zf1", "POWER", "175", "100", "AMAZON_LINUX_2", "WSP"),
        new("wsb-qebf4fc0z", "Power with Amazon Linux 2 (PCoIP)", "Amazon Linux 2 with PCoIP 4 vCPU 16GiB Memory 100GB User Storage", "wsi-4regrzhfc", "POWER", "175", "100", "AMAZON_LINUX_2", "PCOIP"),
        new("wsb-x8yaburw9", "PowerPro with Amazon Linux 2 (DCV)", "Amazon Linux 2 with DCV 8 vCPU 32GiB Memory 100GB User Storage", "wsi-f5ic09zf1", "POWERPRO", "175", "100", "AMAZON_LINUX_2", "WSP"),
        new("wsb-6uwenk0zy", "PowerPro with Amazon Linux 2 (PCoIP)", "Amazon Linux 2 with PCoIP 8 vCPU 32GiB Memory 100GB User Storage", "wsi-4regrzhfc", "POWERPRO", "175", "100", "AMAZON_LINUX_2", "PCOIP"),
        new("wsb-p6eunvwoh", "GeneralPurpose.4xlarge with Amazon Linux 2 (DCV)", "Amazon Linux 2 with DCV 16 vCPU 64GiB Memory 100GB User Storage", "wsi-f5ic09zf1", "GENERALPURPOSE_4XLARGE", "175", "100", "AMAZON_LINUX_2", "WSP"),
        new("wsb-d35m5zkx6", "GeneralPurpose.4xlarge with Amazon Linux 2 (PCoIP)", "Amazon Linux 2 with PCoIP 16 vCPU 64GiB Memory 100GB User Storage", "wsi-4regrzhfc", "GENERALPURPOSE_4XLARGE", "175", "100", "AMAZON_LINUX_2", "PCOIP"),
        new("wsb-re9c7acuk", "Graphics.g4dn with Amazon Linux 2 (DCV)", "Amazon Linux 2 with DCV 4 vCPU 16GiB Memory 1 GPU 16GiB Video Memory 100GB User Storage", "wsi-pqdd58v6n", "GRAPHICS_G4DN", "100", "100", "AMAZON_LINUX_2", "WSP"),
        new("wsb-a72p0r9cd", "GraphicsPro.g4dn with Amazon Linux 2 (DCV)", "Amazon Linux 2 with DCV 16 vCPU 64GiB Memory 1 GPU 16GiB Video Memory 100GB User Storage", "wsi-pqdd58v6n", "GRAPHICSPRO_G4DN", "100", "100", "AMAZON_LINUX_2", "WSP"),
        new("wsb-05ku5r5mf", "Value with Ubuntu 22.04", "Ubuntu 22.04 with DCV 1 vCPU 2GiB Memory 10GB User Storage", "wsi-ejarb4r84", "VALUE", "80", "10", "UBUNTU_22_04", "WSP"),
        new("wsb-pp7pgd7vp", "Standard with Ubuntu 22.04", "Ubuntu 22.04 with DCV 2 vCPU 4GiB Memory 50GB User Storage", "wsi-ejarb4r84", "STANDARD", "80", "50", "UBUNTU_22_04", "WSP"),
        new("wsb-j6xy7t92b", "Performance with Ubuntu 22.04", "Ubuntu 22.04 with DCV 2 vCPU 8GiB Memory 100GB User Storage", "wsi-ejarb4r84", "PERFORMANCE", "80", "100", "UBUNTU_22_04", "WSP"),
        new("wsb-wjp2lw4h1", "Power with Ubuntu 22.04", "Ubuntu 22.04 with DCV 4 vCPU 16GiB Memory 100GB User Storage", "wsi-ejarb4r84", "POWER", "175", "100", "UBUNTU_22_04", "WSP"),
        new("wsb-l4icqmpgb", "PowerPro with Ubuntu 22.04", "Ubuntu 22.04 with DCV 8 vCPU 32GiB Memory 100GB User Storage", "wsi-ejarb4r84", "POWERPRO", "175", "100", "UBUNTU_22_04", "WSP"),
        new("wsb-k1702x6a4", "GeneralPurpose.4xlarge with Ubuntu 22.04", "Ubuntu 22.04 with DCV 16 vCPU 64GiB Memory 100GB User Storage", "wsi-ejarb4r84", "GENERALPURPOSE_4XLARGE", "175", "100", "UBUNTU_22_04", "WSP"),    ];

    private static readonly Dictionary<string, PublicBundle> ById = All.ToDictionary(b => b.BundleId, StringComparer.Ordinal);

    public static PublicBundle? Find(string bundleId) => ById.GetValueOrDefault(bundleId);
}
