package org.slapos.instancenode.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs one prepared query with string parameters and maps its rows. */
final class Rows {
  /** Maps the current row of a result set. */
  @FunctionalInterface
  interface Mapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  private Rows() {}

  static <T> List<T> list(Connection c, String sql, Mapper<T> mapper, String... parameters)
      throws SQLException {
    List<T> result = new ArrayList<>();
    try (PreparedStatement select = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setString(i + 1, parameters[i]);
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          result.add(mapper.map(rows));
        }
      }
    }
    return result;
  }

  static <T> Optional<T> first(Connection c, String sql, Mapper<T> mapper, String... parameters)
      throws SQLException {
    return list(c, sql, mapper, parameters).stream().findFirst();
  }

  /** An unmodifiable map from the first column (a string) to the mapped row. */
  static <V> Map<String, V> byFirstColumn(Connection c, String sql, Mapper<V> value)
      throws SQLException {
    Map<String, V> result = new HashMap<>();
    try (PreparedStatement select = c.prepareStatement(sql);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        result.put(rows.getString(1), value.map(rows));
      }
    }
    return Collections.unmodifiableMap(result);
  }
}
