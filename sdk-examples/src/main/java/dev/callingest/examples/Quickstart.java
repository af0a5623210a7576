package dev.callingest.examples;

/**
 * The README's demo. Until the examples issue lands (a local emulator of both APIs and the full
 * flow), it only says so and exits with status 0.
 */
public final class Quickstart {
  private Quickstart() {}

  /**
   * Runs the demo.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println("callingest-java quickstart");
    System.out.println("This is a placeholder: the runnable demo (local emulator of both APIs,");
    System.out.println("Upload batch with live progress, Partner callbacks verified locally)");
    System.out.println("arrives with the sdk-examples issue. See README.md for the API samples.");
  }
}
