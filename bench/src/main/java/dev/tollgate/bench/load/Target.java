package dev.tollgate.bench.load;

/**
 * Where the load goes: a simulator directly, or an edge in front of it. Both get byte-identical requests (the key
 * header included, which the simulator ignores), so the only difference is the hop.
 *
 * @param name how the report names it
 * @param port its loopback port
 * @param pid the process that serves it, whose CPU time is read
 */
public record Target(String name, int port, long pid) {}
