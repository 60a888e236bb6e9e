using CoScientist.Testing.Storage;

// One Azurite for the whole assembly: the tests that need storage take it by constructor.
[assembly: AssemblyFixture(typeof(AzuriteFixture))]
