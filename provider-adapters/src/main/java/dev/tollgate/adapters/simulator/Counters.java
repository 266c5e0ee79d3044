package dev.tollgate.adapters.simulator;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the simulator has seen; written on the event loop, read from anywhere. */
final class Counters {
  final AtomicLong received = new AtomicLong();
  final AtomicLong served = new AtomicLong();
  final AtomicInteger active = new AtomicInteger();
  final AtomicLong cancelled = new AtomicLong();
}
