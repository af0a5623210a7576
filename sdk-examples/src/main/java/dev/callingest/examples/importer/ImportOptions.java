package dev.callingest.examples.importer;

import dev.callingest.partner.PartnerClient;
import dev.callingest.upload.UploadClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@link CrmImport}: flags, with the environment as fallback for the endpoint
 * and credentials.
 */
final class ImportOptions {
  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "usage: CrmImport [--api=upload|partner] [--journal=FILE] [--batch-size=N] [--wait] [--poll-ms=N]",
          "                 [--preflight]",
          "                 [--callback-url=URL] [--base-url=URL] [--emulator] FILE.csv|FILE.jsonl",
          "  --api           the API to import into (default upload)",
          "  --journal       the journal that lets a rerun resume (default FILE.journal)",
          "  --batch-size    calls per batch (default 50)",
          "  --wait          Upload API: wait for processing and report each call's result",
          "  --poll-ms       Upload API with --wait: poll each batch's status every N ms (default: the SDK's)",
          "  --callback-url  Partner API: the callback_url of every item",
          "  --preflight     check each recording URL first; refuse calls whose recording cannot be fetched",
          "  --emulator      import into a local emulator started for this run; no keys needed",
          "  --base-url, --api-key, --api-secret, --tenant, --sub-tenant: the endpoint and credentials;",
          "  better from the environment: CALLINGEST_UPLOAD_BASE_URL, CALLINGEST_UPLOAD_API_KEY,",
          "  CALLINGEST_PARTNER_BASE_URL, CALLINGEST_PARTNER_API_KEY, CALLINGEST_PARTNER_API_SECRET,",
          "  CALLINGEST_PARTNER_TENANT_ID, CALLINGEST_PARTNER_SUB_TENANT_ID");

  private final Map<String, String> flags = new HashMap<>();
  private final Map<String, String> env;
  private Path input;

  private ImportOptions(Map<String, String> env) {
    this.env = env;
  }

  static ImportOptions parse(String[] args, Map<String, String> env) {
    ImportOptions options = new ImportOptions(env);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help")
          || arg.equals("--emulator")
          || arg.equals("--wait")
          || arg.equals("--preflight")) {
        options.flags.put(arg.substring(2), "true");
      } else if (arg.startsWith("--")) {
        int equals = arg.indexOf('=');
        String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
        if (!List.of(
                "api",
                "journal",
                "batch-size",
                "poll-ms",
                "callback-url",
                "base-url",
                "api-key",
                "api-secret",
                "tenant",
                "sub-tenant")
            .contains(name)) {
          throw new IllegalArgumentException("unknown flag --" + name);
        }
        if (equals < 0 && i + 1 == args.length)
          throw new IllegalArgumentException("--" + name + " needs a value");
        options.flags.put(name, equals < 0 ? args[++i] : arg.substring(equals + 1));
      } else if (options.input == null) {
        options.input = Path.of(arg);
      } else {
        throw new IllegalArgumentException("one input file only, not also " + arg);
      }
    }
    if (options.help()) return options;
    if (options.input == null) throw new IllegalArgumentException("name the input file");
    if (!Files.isRegularFile(options.input))
      throw new IllegalArgumentException("no such file: " + options.input);
    if (!List.of("upload", "partner").contains(options.api())) {
      throw new IllegalArgumentException("--api must be upload or partner");
    }
    options.batchSize(); // fail early on a bad number
    options.pollInterval();
    if (!options.emulator()) {
      if (options.api().equals("upload")) options.uploadApiKey();
      else options.partnerCredentials();
    }
    return options;
  }

  boolean help() {
    return flags.containsKey("help");
  }

  boolean emulator() {
    return flags.containsKey("emulator");
  }

  boolean preflight() {
    return flags.containsKey("preflight");
  }

  boolean waitForProcessing() {
    return flags.containsKey("wait");
  }

  String api() {
    return flags.getOrDefault("api", "upload");
  }

  Path input() {
    return input;
  }

  Path journal() {
    String journal = flags.get("journal");
    return journal != null
        ? Path.of(journal)
        : input.resolveSibling(input.getFileName() + ".journal");
  }

  int batchSize() {
    String size = flags.getOrDefault("batch-size", "50");
    try {
      return Integer.parseInt(size);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--batch-size must be a whole number");
    }
  }

  /** The status polling interval of {@code --wait}, or null for the SDK's default. */
  java.time.Duration pollInterval() {
    String ms = flags.get("poll-ms");
    if (ms == null) return null;
    try {
      long millis = Long.parseLong(ms);
      if (millis > 0) return java.time.Duration.ofMillis(millis);
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("--poll-ms must be a positive whole number");
  }

  String callbackUrl() {
    return flags.get("callback-url");
  }

  String uploadBaseUrl() {
    return value("base-url", "CALLINGEST_UPLOAD_BASE_URL", UploadClient.PRODUCTION_BASE_URL);
  }

  String uploadApiKey() {
    return value("api-key", "CALLINGEST_UPLOAD_API_KEY", null);
  }

  String partnerBaseUrl() {
    return value("base-url", "CALLINGEST_PARTNER_BASE_URL", PartnerClient.PRODUCTION_BASE_URL);
  }

  /** The API key, API secret, tenant id and sub-tenant id. */
  List<String> partnerCredentials() {
    return List.of(
        value("api-key", "CALLINGEST_PARTNER_API_KEY", null),
        value("api-secret", "CALLINGEST_PARTNER_API_SECRET", null),
        value("tenant", "CALLINGEST_PARTNER_TENANT_ID", null),
        value("sub-tenant", "CALLINGEST_PARTNER_SUB_TENANT_ID", null));
  }

  /**
   * A flag, else an environment variable, else the default; a missing required value names both,
   * never a value.
   */
  private String value(String flag, String envName, String fallback) {
    String value = flags.get(flag);
    if (value == null || value.isBlank()) value = env.get(envName);
    if (value == null || value.isBlank()) value = fallback;
    if (value == null)
      throw new IllegalArgumentException(
          "set " + envName + " (or --" + flag + "), or use --emulator");
    return value;
  }
}
