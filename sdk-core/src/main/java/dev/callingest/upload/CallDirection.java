package dev.callingest.upload;

/** Who placed a call, as seen from your team member. */
public enum CallDirection {
  /** The contact called your team member. */
  INBOUND("inbound"),
  /** Your team member called the contact. */
  OUTBOUND("outbound");

  private final String wireValue;

  CallDirection(String wireValue) {
    this.wireValue = wireValue;
  }

  /**
   * The value sent to the API.
   *
   * @return {@code "inbound"} or {@code "outbound"}
   */
  public String wireValue() {
    return wireValue;
  }

  static CallDirection fromWire(String value) {
    for (CallDirection direction : values()) {
      if (direction.wireValue.equals(value)) return direction;
    }
    throw new IllegalArgumentException("unknown call direction: " + value);
  }
}
