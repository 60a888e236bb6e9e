namespace CoScientist.Azure;

/// <summary>Storage service error codes the stores react to, as plain strings (the SDKs' error-code structs throw on a null code).</summary>
internal static class ErrorCodes
{
    public const string ContainerNotFound = "ContainerNotFound";
    public const string TableNotFound = "TableNotFound";
    public const string EntityAlreadyExists = "EntityAlreadyExists";
    public const string QueueNotFound = "QueueNotFound";
    public const string MessageNotFound = "MessageNotFound";
    public const string PopReceiptMismatch = "PopReceiptMismatch";
}
