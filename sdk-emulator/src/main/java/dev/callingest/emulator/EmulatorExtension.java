package dev.callingest.emulator;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that runs an {@link Emulator} of both APIs on a free loopback port for your
 * tests, and shows what it received and the faults it injects.
 *
 * <p>In a {@code static} field it starts once before the class's tests and stops after them; in an
 * instance field, or through {@code @ExtendWith(EmulatorExtension.class)} with the default
 * settings, see below. Test methods may also take an {@link Emulator} parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmulatorExtension emulator = EmulatorExtension.builder()
 *     .faults(FaultInjection.builder().rate(Fault.SERVER_ERROR, 0.2).seed(7).build())
 *     .configure(b -> b.allStages(Duration.ofMillis(20)))
 *     .build();
 *
 * @Test
 * void submits() {
 *   ClientOptions options = ClientOptions.builder()
 *       .baseUrl(emulator.uploadBaseUrl())
 *       .credentials(UploadCredentials.of(emulator.uploadApiKey()))
 *       .build();
 *   // ... then assert on emulator.batches(), emulator.requests()
 * }
 * }</pre>
 *
 * <p>Registered through {@code @ExtendWith} or in a {@code static} field, one emulator serves every
 * test of the class, so what it received accumulates; in an instance field (the class's tests get a
 * fresh instance each), each test gets a new emulator.
 */
public final class EmulatorExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {
  private final FaultInjection faults;
  private final Consumer<Emulator.Builder> configuration;
  private @Nullable Emulator emulator;
  private boolean perClass;

  /** Creates an extension with the emulator's default settings and no faults. */
  public EmulatorExtension() {
    this(builder());
  }

  private EmulatorExtension(Builder builder) {
    this.faults = builder.faults;
    this.configuration = builder.configuration;
  }

  /**
   * Creates an extension with the emulator's default settings and no faults.
   *
   * @return the extension
   */
  public static EmulatorExtension create() {
    return builder().build();
  }

  /**
   * Returns a builder for an extension with settings of your own.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
    perClass = true;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (emulator == null) start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) stop();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
    perClass = false;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Emulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return emulator();
  }

  private synchronized void start() {
    if (emulator != null) return;
    Emulator.Builder builder = Emulator.builder().port(0);
    configuration.accept(builder);
    emulator = builder.faults(faults).build().start();
  }

  private synchronized void stop() {
    if (emulator == null) return;
    emulator.close();
    emulator = null;
  }

  /**
   * Returns the running emulator.
   *
   * @return the emulator
   * @throws IllegalStateException outside a test's lifecycle (before it starts, after it stops)
   */
  public synchronized Emulator emulator() {
    if (emulator == null) throw new IllegalStateException("the emulator is not running");
    return emulator;
  }

  /**
   * Returns the faults the emulator injects: the settings given to {@link Builder#faults}, or none.
   *
   * @return the fault settings
   */
  public FaultInjection faults() {
    return faults;
  }

  /**
   * Returns the Upload API's base URL, {@code http://127.0.0.1:PORT}.
   *
   * @return the base URL
   * @throws IllegalStateException when the emulator is not running
   */
  public String uploadBaseUrl() {
    return emulator().uploadBaseUrl();
  }

  /**
   * Returns the Partner API's base URL, {@code http://127.0.0.1:PORT/api/v1}.
   *
   * @return the base URL
   * @throws IllegalStateException when the emulator is not running
   */
  public String partnerBaseUrl() {
    return emulator().partnerBaseUrl();
  }

  /**
   * Returns the Upload API key the emulator accepts.
   *
   * @return the key
   * @throws IllegalStateException when the emulator is not running
   */
  public String uploadApiKey() {
    return emulator().uploadApiKey();
  }

  /**
   * Returns the Partner API credentials the emulator accepts: API key, API secret, tenant id and
   * sub-tenant id, in that order.
   *
   * @return the four values
   * @throws IllegalStateException when the emulator is not running
   */
  public List<String> partnerCredentials() {
    return emulator().partnerCredentials();
  }

  /**
   * Returns the URL of a generated audio file the emulator serves, for a call's recording.
   *
   * @param name a file name such as {@code call-1.wav}
   * @return the URL
   * @throws IllegalStateException when the emulator is not running
   */
  public String audioUrl(String name) {
    return emulator().audioUrl(name);
  }

  /**
   * Returns the Upload batches received, oldest first.
   *
   * @return the batches
   * @throws IllegalStateException when the emulator is not running
   */
  public List<ReceivedBatch> batches() {
    return emulator().batches();
  }

  /**
   * Returns the Partner items received, by call id.
   *
   * @return the items
   * @throws IllegalStateException when the emulator is not running
   */
  public Map<String, PartnerItem> partnerItems() {
    return emulator().partnerItems();
  }

  /**
   * Returns every callback delivery attempt made so far, oldest first.
   *
   * @return the attempts
   * @throws IllegalStateException when the emulator is not running
   */
  public List<CallbackAttempt> callbackAttempts() {
    return emulator().callbackAttempts();
  }

  /**
   * Returns every API request answered, with its status and the fault injected, if any.
   *
   * @return the requests, oldest first
   * @throws IllegalStateException when the emulator is not running
   */
  public List<RequestRecord> requests() {
    return emulator().requests();
  }

  /** Builds an {@link EmulatorExtension}. */
  public static final class Builder {
    private FaultInjection faults = FaultInjection.none();
    private Consumer<Emulator.Builder> configuration = builder -> {};

    private Builder() {}

    /**
     * Sets the faults to inject; {@link EmulatorExtension#faults()} returns them.
     *
     * @param faults the fault settings
     * @return this builder
     */
    public Builder faults(FaultInjection faults) {
      this.faults = Objects.requireNonNull(faults, "faults == null");
      return this;
    }

    /**
     * Sets the emulator's other settings (stage timings, credentials, limits, webhook secret),
     * applied to a builder whose port is 0, a free port. Set faults with {@link #faults} instead.
     *
     * @param configuration applied to each emulator's builder before it starts
     * @return this builder
     */
    public Builder configure(Consumer<Emulator.Builder> configuration) {
      this.configuration = Objects.requireNonNull(configuration, "configuration == null");
      return this;
    }

    /**
     * Builds the extension.
     *
     * @return the extension
     */
    public EmulatorExtension build() {
      return new EmulatorExtension(this);
    }
  }
}
