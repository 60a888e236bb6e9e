namespace CoScientist.Hosting.Orchestration;

/// <summary>
/// The Durable Task Framework client's serializer made to write exactly what the orchestrator's shims
/// read (<see cref="Microsoft.DurableTask.Converters.JsonDataConverter"/>, System.Text.Json), instead
/// of the framework's own Newtonsoft default.
/// </summary>
internal sealed class ShimJsonDataConverter : DurableTask.Core.Serializing.DataConverter
{
    public static readonly ShimJsonDataConverter Instance = new();

    private static Microsoft.DurableTask.DataConverter Shim => Microsoft.DurableTask.Converters.JsonDataConverter.Default;

    public override string Serialize(object value) => Shim.Serialize(value) ?? "null";

    public override string Serialize(object value, bool formatted) => Serialize(value);

    public override object Deserialize(string data, Type objectType) => Shim.Deserialize(data, objectType)!;
}
