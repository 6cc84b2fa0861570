package io.huying.intake.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.huying.contracts.events.FileRef;
import io.huying.contracts.reference.Category;
import io.huying.contracts.reference.OrgUnit;
import io.huying.intake.Call;
import io.huying.intake.FoundCall;
import io.huying.intake.FoundCalls;
import io.huying.intake.RaiseAnswers;
import io.huying.intake.TimelineEntry;
import io.huying.intake.rest.CallPage;
import io.huying.intake.rest.CallView;
import io.huying.platform.reference.Catalogue;
import io.huying.platform.reference.Organisation;
import io.huying.platform.security.Caller;
import io.huying.platform.security.PersonalData;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Entity → view, masking the reporter's personal data for everyone but the raising unit. */
@ApplicationScoped
public class CallViews implements RaiseAnswers {
    private static final TypeReference<List<String>> URLS = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final Catalogue catalogue;
    private final Organisation organisation;

    public CallViews(ObjectMapper json, Catalogue catalogue, Organisation organisation) {
        this.json = json;
        this.catalogue = catalogue;
        this.organisation = organisation;
    }

    /** The call as {@code caller} sees it, with the files bound to it. */
    public CallView view(Call call, Caller caller, List<FileRef> files) {
        boolean raiser = caller.orgPaths().stream().anyMatch(p -> p.value().equals(call.raisingUnit));
        return new CallView(call.id, call.number, call.lifecycle, call.raisingUnit,
                organisation.current().unit(call.raisingUnit).map(OrgUnit::name).orElse(null),
                call.streetPath, call.categoryCode,
                catalogue.current().find(call.categoryCode).map(Category::name).orElse(null),
                call.urgency, call.requestType, call.title, call.description,
                new CallView.LocationView(call.address, call.gridPath, call.latitude, call.longitude),
                reporter(call, raiser), attachments(call), files, call.channel, call.externalId, call.raisedByUsername, call.raisedAt,
                call.mergedIntoId == null ? null : new CallView.MergedInto(call.mergedIntoId, call.mergedIntoNumber),
                call.rejectionCode == null ? null : new CallView.Rejection(call.rejectionCode, call.rejectionReason),
                call.reviewDecision == null ? null : new CallView.Review(call.reviewDecision, call.reviewedBy, call.reviewedAt, call.reviewNote),
                null);
    }

    /** A call read alone, timeline included, or in a list (no timeline), as {@code caller} sees it. */
    public CallView view(FoundCall found, Caller caller) {
        CallView view = view(found.call(), caller, found.files());
        return found.steps() == null ? view : view.withTimeline(timeline(found.steps()));
    }

    public CallPage page(FoundCalls found, Caller caller) {
        return new CallPage(found.items().stream().map(item -> view(item, caller)).toList(), found.page(), found.size(), found.total());
    }

    @Override
    public String body(Call call, Caller caller, List<FileRef> files) {
        try {
            return json.writeValueAsString(view(call, caller, files));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<CallView.Step> timeline(List<TimelineEntry> steps) {
        return steps.stream().map(s -> new CallView.Step(s.at, s.label, s.type, s.unitPath,
                s.unitPath == null ? null : organisation.current().unit(s.unitPath).map(OrgUnit::name).orElse(null), s.actor, s.note)).toList();
    }

    public List<String> attachments(Call call) {
        try {
            return json.readValue(call.attachments, URLS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("attachments of call " + call.id + " are not a JSON array", e);
        }
    }

    public String attachmentsJson(List<String> urls) {
        try {
            return json.writeValueAsString(urls);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static CallView.ReporterView reporter(Call call, boolean raiser) {
        if (call.reporterName == null && call.reporterPhone == null) {
            return null;
        }
        if (raiser) {
            return new CallView.ReporterView(call.reporterName, PersonalData.maskPhone(call.reporterPhone), call.reporterPhone != null,
                    call.reporterPhone != null);
        }
        return new CallView.ReporterView(PersonalData.maskName(call.reporterName), PersonalData.maskPhone(call.reporterPhone), true, false);
    }
}
