namespace ProRT.Actors.Techniques;

/// <summary>A technique could not finish its host; the coordinator reports it on that host and goes on.</summary>
public sealed class ProbeFailedException(string message, Exception? inner = null) : Exception(message, inner);
