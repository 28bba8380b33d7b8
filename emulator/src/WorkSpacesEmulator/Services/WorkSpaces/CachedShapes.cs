using WorkSpacesEmulator.Protocol;

namespace WorkSpacesEmulator.ServiceModels.WorkSpaces;

// Wire shapes built once per stored record version (WorkSpacesHandlers.ToWire) and only read afterwards:
// each is serialized once and later pages copy its bytes (Protocol/CachedJson.cs).
public sealed partial class Workspace : ICachedJson;
