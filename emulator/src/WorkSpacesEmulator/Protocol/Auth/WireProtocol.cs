namespace WorkSpacesEmulator.Protocol.Auth;

/// <summary>How a request is spoken, which decides how an authentication error is rendered and how much clock
/// skew is tolerated.</summary>
public enum WireProtocol { AwsJson, RestJson, Ec2Query, AwsQuery }
