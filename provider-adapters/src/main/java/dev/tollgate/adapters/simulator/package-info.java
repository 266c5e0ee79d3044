/** The built-in deterministic fake LLM, served over HTTP on loopback. */
package dev.tollgate.adapters.simulator;
