global using CoScientist.Testing;
