using CoScientist.Functions.Hosting;
using Microsoft.Extensions.Hosting;

CoScientistFunctionsApp.CreateBuilder(args).Build().Run();
