package dev.tollgate.edge.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The direct sends the emitter is waiting on. A send counts until the emitter has finished handling its outcome (a
 * failed one is queued for the spool by then), so "none left" means every failure so far can be spooled in order.
 */
final class LiveSends {

  private final Set<LiveSend> sends = ConcurrentHashMap.newKeySet();
  private final AtomicInteger unfinished = new AtomicInteger();
  private final Object noneLeft = new Object();

  void started(LiveSend send) {
    unfinished.incrementAndGet();
    sends.add(send);
  }

  void finished(LiveSend send) {
    sends.remove(send);
    if (unfinished.decrementAndGet() == 0) {
      synchronized (noneLeft) {
        noneLeft.notifyAll();
      }
    }
  }

  int count() {
    return unfinished.get();
  }

  /** Waits until no send is left or the deadline ({@link System#nanoTime()}) passes. */
  void awaitNone(long deadlineNanos) {
    synchronized (noneLeft) {
      long left;
      while (unfinished.get() > 0 && (left = deadlineNanos - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(noneLeft, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Withdraws every send that has not settled, so that their outcomes are ignored from now on. */
  List<LiveSend> withdrawAll() {
    List<LiveSend> withdrawn = new ArrayList<>();
    for (LiveSend send : sends) {
      if (send.withdraw()) {
        withdrawn.add(send);
      }
    }
    return withdrawn;
  }
}
