package io.shardwise.examples.hibernate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import java.util.Map;
import java.util.function.Function;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * The example application: a JPA persistence unit over an application-level HikariCP pool whose
 * JDBC URL is a {@code jdbc:shardwise:} URL. Nothing in it knows about shards except the choice of
 * ids (see {@link Customer} and {@link OrderKey}).
 */
public final class Shop implements AutoCloseable {

  /** Inserts are sent in JDBC batches of this size; shardwise splits each batch per shard. */
  public static final int BATCH_SIZE = 20;

  private final HikariDataSource pool;
  private final EntityManagerFactory entityManagers;

  private Shop(HikariDataSource pool, EntityManagerFactory entityManagers) {
    this.pool = pool;
    this.entityManagers = entityManagers;
  }

  /**
   * Starts the persistence unit on {@code shardwiseUrl}; Hibernate checks the mapping against the
   * tables ({@code hibernate.hbm2ddl.auto=validate}) and fails to start if they disagree.
   */
  public static Shop open(String shardwiseUrl) {
    return open(shardwiseUrl, Map.of());
  }

  /** The same with extra Hibernate settings, which win over the defaults here. */
  public static Shop open(String shardwiseUrl, Map<String, Object> settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(shardwiseUrl);
    config.setMaximumPoolSize(4);
    config.setPoolName("shop");
    HikariDataSource pool = new HikariDataSource(config);
    try {
      HibernatePersistenceConfiguration unit =
          new HibernatePersistenceConfiguration("shop")
              .managedClasses(Customer.class, PurchaseOrder.class, Country.class)
              .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, pool)
              .property(AvailableSettings.HBM2DDL_AUTO, "validate")
              .property(AvailableSettings.STATEMENT_BATCH_SIZE, BATCH_SIZE)
              .property(AvailableSettings.ORDER_INSERTS, true)
              .property(AvailableSettings.ORDER_UPDATES, true);
      settings.forEach(unit::property);
      return new Shop(pool, unit.createEntityManagerFactory());
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** Runs {@code work} in a read-write transaction: every statement on the shards' primaries. */
  public <T> T inTransaction(Function<EntityManager, T> work) {
    EntityManager em = entityManagers.createEntityManager();
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      T result = work.apply(em);
      tx.commit();
      return result;
    } finally {
      if (tx.isActive()) {
        tx.rollback();
      }
      em.close();
    }
  }

  /** Runs {@code work} without a transaction (autocommit): reads are served by replicas. */
  public <T> T read(Function<EntityManager, T> work) {
    EntityManager em = entityManagers.createEntityManager();
    try {
      return work.apply(em);
    } finally {
      em.close();
    }
  }

  /** A new entity manager, for work that manages its own transactions. */
  public EntityManager entityManager() {
    return entityManagers.createEntityManager();
  }

  public EntityManagerFactory entityManagers() {
    return entityManagers;
  }

  public HikariDataSource pool() {
    return pool;
  }

  @Override
  public void close() {
    try {
      entityManagers.close();
    } finally {
      pool.close();
    }
  }
}
