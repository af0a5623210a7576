package dev.callingest.emulator;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * Which fraction of API requests get which {@link Fault}. One seeded random draw per API request,
 * in the order requests arrive, picks the fault: the same seed and the same sequence of requests
 * give the same faults. Requests for {@code /audio/} files are never faulted.
 */
public final class FaultInjection {
  private final Map<Fault, Double> rates;
  private final long seed;
  private final Duration slowDelay;

  private FaultInjection(Builder builder) {
    this.rates = new EnumMap<>(builder.rates);
    this.seed = builder.seed;
    this.slowDelay = builder.slowDelay;
  }

  /**
   * No faults at all.
   *
   * @return a configuration whose rates are all zero
   */
  public static FaultInjection none() {
    return builder().build();
  }

  /**
   * Starts a configuration.
   *
   * @return a builder with all rates zero, seed 0 and a 2 s slow delay
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the fraction of requests given a fault.
   *
   * @param fault the fault
   * @return a number from 0 to 1
   */
  public double rate(Fault fault) {
    return rates.getOrDefault(fault, 0.0);
  }

  /**
   * Returns the seed of the random draws.
   *
   * @return the seed
   */
  public long seed() {
    return seed;
  }

  /**
   * Returns how long a {@link Fault#SLOW} answer is held back.
   *
   * @return the delay
   */
  public Duration slowDelay() {
    return slowDelay;
  }

  boolean isEnabled() {
    return rates.values().stream().anyMatch(r -> r > 0);
  }

  Random newRandom() {
    return new Random(seed);
  }

  /** Picks the fault for a draw in [0, 1), or null. Faults are laid out in declaration order. */
  @Nullable Fault pick(double draw) {
    double edge = 0;
    for (Fault fault : Fault.values()) {
      edge += rate(fault);
      if (draw < edge) {
        return fault;
      }
    }
    return null;
  }

  /** Builds a {@link FaultInjection}. */
  public static final class Builder {
    private final Map<Fault, Double> rates = new EnumMap<>(Fault.class);
    private long seed;
    private Duration slowDelay = Duration.ofSeconds(2);

    private Builder() {}

    /**
     * Sets the fraction of API requests that get {@code fault}.
     *
     * @param fault the fault
     * @param rate 0 to 1; all rates together must not exceed 1
     * @return this builder
     * @throws IllegalArgumentException when the rate is out of range
     */
    public Builder rate(Fault fault, double rate) {
      Objects.requireNonNull(fault, "fault == null");
      if (!(rate >= 0 && rate <= 1)) {
        throw new IllegalArgumentException("rate must be 0 to 1: " + rate);
      }
      rates.put(fault, rate);
      return this;
    }

    /**
     * Sets the seed of the random draws.
     *
     * @param seed any number
     * @return this builder
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets how long {@link Fault#SLOW} answers are held back.
     *
     * @param delay zero or more
     * @return this builder
     * @throws IllegalArgumentException when negative
     */
    public Builder slowDelay(Duration delay) {
      Objects.requireNonNull(delay, "delay == null");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("slowDelay must not be negative: " + delay);
      }
      this.slowDelay = delay;
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws IllegalStateException when the rates add up to more than 1
     */
    public FaultInjection build() {
      double sum = rates.values().stream().mapToDouble(Double::doubleValue).sum();
      if (sum > 1.0 + 1e-9) {
        throw new IllegalStateException("fault rates add up to more than 1: " + sum);
      }
      return new FaultInjection(this);
    }
  }
}
