package io.huying.platform.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** The kept outcome of the first request with an Idempotency-Key; written by {@link IdempotencyKeys}. */
@Entity
@Table(name = "huying_idempotency_key")
public class IdempotencyRecord {
    @EmbeddedId
    public Key id;
    @Column(name = "request_hash")
    public String requestHash;
    public Integer status;
    public String location;
    public String body;

    /** (scope, key): the caller's subject and the header's value. */
    @Embeddable
    public static class Key implements Serializable {
        public String scope;
        public String key;

        public Key() {
        }

        public Key(String scope, String key) {
            this.scope = scope;
            this.key = key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(scope, k.scope) && Objects.equals(key, k.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(scope, key);
        }
    }
}
