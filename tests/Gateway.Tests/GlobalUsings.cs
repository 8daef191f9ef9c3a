// What nearly every gateway test uses: status codes, the wire models, and this project's infrastructure.
global using System.Net;
global using Battleship.Gateway.Tests.Infrastructure;
global using Battleship.Grains.Models;
