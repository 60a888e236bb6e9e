global using CoScientist.Testing.Storage;
