package io.huying.response;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** 单位成员 — a department or section member as response last saw them in their token. */
@Entity
@Table(name = "unit_member")
public class UnitMember extends PanacheEntityBase {
    @Id
    public String username;
    /** Display name from the token (王芳). */
    public String name;
    @Column(name = "unit_path")
    public String unitPath;
    @Column(name = "seen_at")
    public Instant seenAt;
}
