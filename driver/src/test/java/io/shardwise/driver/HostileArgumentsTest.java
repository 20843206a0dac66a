package io.shardwise.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every public JDBC method of the connection, statements and result sets called with hostile
 * arguments (null, 0, -1, Integer.MIN_VALUE for every parameter): each either works or throws an
 * SQLException with an SQLState, never a NullPointerException or IllegalArgumentException.
 */
class HostileArgumentsTest {

  private H2Shards shards;
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach
  void shards() throws Exception {
    shards = new H2Shards("hostile-args", 2, "");
    shards.executeEverywhere("CREATE TABLE users (user_id BIGINT PRIMARY KEY, name VARCHAR(20))");
    shards.execute("s1", "INSERT INTO users VALUES (1, 'a')");
    shards.execute("s2", "INSERT INTO users VALUES (2, 'b')");
  }

  @AfterEach
  void close() throws Exception {
    closeOpened();
    shards.close();
  }

  private void closeOpened() {
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (Exception ignored) {
        // the call under test may have left it unusable
      }
    }
    opened.clear();
  }

  private Connection connection() throws SQLException {
    Connection c = DriverManager.getConnection(shards.url());
    opened.add(c);
    return c;
  }

  @Test
  void connectionMethods() throws Exception {
    List<String> problems = new ArrayList<>();
    callAll(Connection.class, () -> uncheck(this::connection), problems);
    assertThat(problems).isEmpty();
  }

  @Test
  void statementMethods() throws Exception {
    List<String> problems = new ArrayList<>();
    callAll(Statement.class, () -> uncheck(() -> connection().createStatement()), problems);
    assertThat(problems).isEmpty();
  }

  @Test
  void preparedStatementMethods() throws Exception {
    List<String> problems = new ArrayList<>();
    callAll(
        PreparedStatement.class,
        () ->
            uncheck(
                () -> connection().prepareStatement("SELECT name FROM users WHERE user_id = ?")),
        problems);
    assertThat(problems).isEmpty();
  }

  /** Single-shard, merged (scatter) and sorted-merge result sets. */
  @Test
  void resultSetMethods() throws Exception {
    List<String> problems = new ArrayList<>();
    for (String sql :
        List.of(
            "SELECT name FROM users WHERE user_id = 1",
            "SELECT user_id, name FROM users",
            "SELECT COUNT(*) FROM users",
            "SELECT user_id FROM users ORDER BY user_id LIMIT 1")) {
      callAll(
          ResultSet.class,
          () ->
              uncheck(
                  () -> {
                    ResultSet rs = connection().createStatement().executeQuery(sql);
                    rs.next();
                    return rs;
                  }),
          problems);
    }
    assertThat(problems).isEmpty();
  }

  private interface Maker<T> {
    T make() throws Exception;
  }

  private static <T> T uncheck(Maker<T> maker) {
    try {
      return maker.make();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static final Object[][] HOSTILE_INTS = {{0}, {-1}, {Integer.MIN_VALUE}};

  /**
   * Calls every method of {@code type} that takes at least one argument, on a fresh object each
   * time, once with every argument null/0/false and once with every number -1.
   */
  private <T> void callAll(Class<T> type, Supplier<T> fresh, List<String> problems) {
    Method[] methods = type.getMethods();
    java.util.Arrays.sort(methods, Comparator.comparing(Method::toString));
    for (Method method : methods) {
      if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() == 0) {
        continue;
      }
      for (Object[] ints : HOSTILE_INTS) {
        Object[] args = new Object[method.getParameterCount()];
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
          args[i] = hostile(types[i], (Integer) ints[0]);
        }
        T target = fresh.get();
        try {
          method.invoke(target, args);
        } catch (InvocationTargetException e) {
          Throwable cause = e.getCause();
          if (!(cause instanceof SQLException sql)) {
            problems.add(method.getName() + java.util.Arrays.toString(args) + " threw " + cause);
          } else if (sql.getSQLState() == null) {
            problems.add(
                method.getName() + java.util.Arrays.toString(args) + " no SQLState: " + sql);
          }
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        } finally {
          closeOpened();
        }
      }
    }
  }

  private static Object hostile(Class<?> type, int value) {
    if (type == int.class) {
      return value;
    }
    if (type == long.class) {
      return (long) value;
    }
    if (type == short.class) {
      return (short) value;
    }
    if (type == byte.class) {
      return (byte) value;
    }
    if (type == double.class) {
      return (double) value;
    }
    if (type == float.class) {
      return (float) value;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == char.class) {
      return 'x';
    }
    return null;
  }
}
