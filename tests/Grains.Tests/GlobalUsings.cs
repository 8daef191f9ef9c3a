// What nearly every grain test uses: the wire models the grains answer with.
global using Battleship.Grains.Models;
