package io.huying.intake;

import io.huying.contracts.Channel;
import io.huying.contracts.RequestType;
import io.huying.contracts.Urgency;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** 呼叫 — a call raised by a community or street office. */
@Entity
@Table(name = "calls")
public class Call extends PanacheEntityBase {
    @Id
    public UUID id;
    public String number;
    /** Intake's decision: accepted, merged or rejected. */
    @Enumerated(EnumType.STRING)
    public CallStatus status;
    /** Where the call stands in the whole chain, projected from its timeline. */
    @Enumerated(EnumType.STRING)
    public CallLifecycle lifecycle;
    @Column(name = "raising_unit")
    public String raisingUnit;
    @Column(name = "street_path")
    public String streetPath;
    @Column(name = "raised_by_subject")
    public String raisedBySubject;
    @Column(name = "raised_by_username")
    public String raisedByUsername;
    @Column(name = "category_code")
    public String categoryCode;
    @Column(name = "catalogue_version")
    public String catalogueVersion;
    @Enumerated(EnumType.STRING)
    public Urgency urgency;
    @Enumerated(EnumType.STRING)
    @Column(name = "request_type")
    public RequestType requestType;
    public String title;
    public String description;
    public String address;
    @Column(name = "address_key")
    public String addressKey;
    @Column(name = "grid_path")
    public String gridPath;
    public Double latitude;
    public Double longitude;
    @Column(name = "reporter_name")
    public String reporterName;
    @Column(name = "reporter_phone")
    public String reporterPhone;
    /** JSON array of attachment URLs. */
    public String attachments;
    @Enumerated(EnumType.STRING)
    public Channel channel;
    /** The order number of the outside system the call came from (12345 工单编号); null for calls raised here. */
    @Column(name = "external_id")
    public String externalId;
    @Column(name = "merged_into_id")
    public UUID mergedIntoId;
    @Column(name = "merged_into_number")
    public String mergedIntoNumber;
    @Column(name = "rejection_code")
    public String rejectionCode;
    @Column(name = "rejection_reason")
    public String rejectionReason;
    /** 立项审核 — the street dispatcher's decision (ACCEPT, REJECT, MERGE, UNMERGE), by whom, when, and why. */
    @Column(name = "review_decision")
    public String reviewDecision;
    @Column(name = "reviewed_by")
    public String reviewedBy;
    @Column(name = "reviewed_by_subject")
    public String reviewedBySubject;
    @Column(name = "reviewed_by_unit")
    public String reviewedByUnit;
    @Column(name = "reviewed_at")
    public Instant reviewedAt;
    @Column(name = "review_note")
    public String reviewNote;
    @Column(name = "raised_at")
    public Instant raisedAt;
    @Column(name = "status_changed_at")
    public Instant statusChangedAt;
}
