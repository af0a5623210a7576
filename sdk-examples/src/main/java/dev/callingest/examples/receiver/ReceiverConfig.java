package dev.callingest.examples.receiver;

import dev.callingest.callback.CallbackConsumer;
import dev.callingest.callback.CallbackReceiver;
import dev.callingest.callback.CallbackUrlKey;
import dev.callingest.callback.CallbackUrlVerifier;
import dev.callingest.callback.StandardWebhooksVerifier;
import java.util.Map;

/** The receiver samples' command line: port and scheme from flags, secrets from the environment. */
final class ReceiverConfig {
  static final String WEBHOOK_SECRET_ENV = "CALLINGEST_WEBHOOK_SECRET";
  static final String CALLBACK_KEY_ID_ENV = "CALLINGEST_CALLBACK_KEY_ID";
  static final String CALLBACK_KEY_ENV = "CALLINGEST_CALLBACK_KEY";

  /** The samples' consumer: one line per new callback. */
  static final CallbackConsumer PRINT =
      (deliveryId, analysis) ->
          System.out.println(
              analysis.callId()
                  + ": intent "
                  + analysis.rawIntent().orElse("-")
                  + ", quality score "
                  + analysis.qualityScore().map(Object::toString).orElse("-")
                  + ", "
                  + analysis.summary().size()
                  + " chapters");

  private final int port;
  private final String scheme;
  private final CallbackReceiver receiver;

  private ReceiverConfig(int port, String scheme, CallbackReceiver receiver) {
    this.port = port;
    this.scheme = scheme;
    this.receiver = receiver;
  }

  int port() {
    return port;
  }

  String scheme() {
    return scheme;
  }

  CallbackReceiver receiver() {
    return receiver;
  }

  /** Parses, or prints the problem and exits with status 2. */
  static ReceiverConfig parseOrExit(String[] args, Map<String, String> env) {
    try {
      return parse(args, env);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      throw e;
    }
  }

  /** Reads {@code --port=N} and {@code --scheme=...}; the secrets never come from flags. */
  static ReceiverConfig parse(String[] args, Map<String, String> env) {
    int port = 8090;
    String scheme = "standard-webhooks";
    for (String arg : args) {
      if (arg.startsWith("--port=")) {
        port = Integer.parseInt(arg.substring("--port=".length()));
      } else if (arg.startsWith("--scheme=")) {
        scheme = arg.substring("--scheme=".length());
      } else {
        throw new IllegalArgumentException(
            "unknown argument " + arg + "; use --port=N --scheme=standard-webhooks|callback-url");
      }
    }
    return new ReceiverConfig(
        port, scheme, CallbackReceiver.builder().verifier(verifier(scheme, env)).build());
  }

  private static dev.callingest.callback.CallbackVerifier verifier(
      String scheme, Map<String, String> env) {
    switch (scheme) {
      case "standard-webhooks":
        return StandardWebhooksVerifier.builder()
            .addSecret(required(env, WEBHOOK_SECRET_ENV))
            .build();
      case "callback-url":
        CallbackUrlKey key =
            CallbackUrlKey.fromBase64(
                required(env, CALLBACK_KEY_ID_ENV), required(env, CALLBACK_KEY_ENV));
        return CallbackUrlVerifier.builder().addKey(key).build();
      default:
        throw new IllegalArgumentException(
            "unknown scheme " + scheme + "; use standard-webhooks or callback-url");
    }
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("set the environment variable " + name);
    }
    return value;
  }
}
