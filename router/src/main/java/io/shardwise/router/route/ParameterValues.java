package io.shardwise.router.route;

/** The values bound to a statement's {@code ?} parameters, 1-based as in JDBC. */
public interface ParameterValues {

  /** True when parameter {@code index} has been bound (possibly to SQL NULL). */
  boolean isSet(int index);

  /** The bound value as a Java object; null for SQL NULL. */
  Object value(int index);

  /** For plain statements, which have no parameters. */
  ParameterValues NONE =
      new ParameterValues() {
        @Override
        public boolean isSet(int index) {
          return false;
        }

        @Override
        public Object value(int index) {
          return null;
        }
      };

  /** Values from a list: index 1 is the list's first element. */
  static ParameterValues of(java.util.List<?> values) {
    return new ParameterValues() {
      @Override
      public boolean isSet(int index) {
        return index >= 1 && index <= values.size();
      }

      @Override
      public Object value(int index) {
        return values.get(index - 1);
      }
    };
  }
}
