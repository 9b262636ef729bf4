package jp.kanmin.command.participation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jp.kanmin.command.support.Retriable;
import jp.kanmin.shared.organisation.InfrastructureSector;
import jp.kanmin.shared.organisation.OrganisationId;
import jp.kanmin.shared.report.ReportId;
import jp.kanmin.shared.report.Area;
import jp.kanmin.shared.report.DamageGrade;
import jp.kanmin.shared.report.DamageItem;
import jp.kanmin.shared.report.Estimate;
import jp.kanmin.shared.report.ReportContent;
import jp.kanmin.shared.report.ReportFacts;

import java.time.Instant;
import java.util.List;

/**
 * A status report as a client posts it: {@code type} names the kind, the kind's fields follow, and every kind takes
 * the same optional fields: {@code note}, {@code observedAt} (now if omitted), {@code unconfirmed} (未確認),
 * {@code supersedes} (the report this one corrects), {@code area}, and {@code commandId} for clients that cannot set
 * the {@code Idempotency-Key} header.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ReportRequest.StaffSafety.class, name = "STAFF_SAFETY"),
        @JsonSubTypes.Type(value = ReportRequest.SiteDamage.class, name = "SITE_DAMAGE"),
        @JsonSubTypes.Type(value = ReportRequest.Surroundings.class, name = "SURROUNDINGS"),
        @JsonSubTypes.Type(value = ReportRequest.Outage.class, name = "INFRASTRUCTURE_OUTAGE"),
        @JsonSubTypes.Type(value = ReportRequest.RestorationEta.class, name = "RESTORATION_ETA"),
        @JsonSubTypes.Type(value = ReportRequest.Restored.class, name = "RESTORED"),
        @JsonSubTypes.Type(value = ReportRequest.Shelter.class, name = "SHELTER_STATUS"),
        @JsonSubTypes.Type(value = ReportRequest.ConsultationDesk.class, name = "CONSULTATION_DESK"),
        @JsonSubTypes.Type(value = ReportRequest.BusinessRecovery.class, name = "BUSINESS_RECOVERY"),
        @JsonSubTypes.Type(value = ReportRequest.SupplyChain.class, name = "SUPPLY_CHAIN"),
        @JsonSubTypes.Type(value = ReportRequest.BusinessDamage.class, name = "DAMAGE_SURVEY")})
sealed interface ReportRequest extends Retriable {

    int MAX_COUNT = 10_000_000;
    long MAX_YEN = 1_000_000_000_000L;
    String ID = "[A-Za-z0-9][A-Za-z0-9._:-]{0,63}";

    String note();

    Instant observedAt();

    Boolean unconfirmed();

    String supersedes();

    @Valid
    AreaRequest area();

    ReportContent content();

    default ReportFacts facts(Instant now) {
        AreaRequest area = area();
        return new ReportFacts(observedAt() != null ? observedAt() : now, Boolean.TRUE.equals(unconfirmed()),
                               supersedes() == null ? null : ReportId.of(supersedes()), note(),
                               area == null ? null : new Area(area.name().strip(), area.latitude(), area.longitude(),
                                                              area.districtOf() == null ? null
                                                                      : OrganisationId.of(area.districtOf())));
    }

    /**
     * @param districtOf the organisation whose district (管轄地区) the area is, when it is another organisation's; a
     *                   reporter's own district is recognised by its name
     */
    record AreaRequest(@NotBlank @Size(max = 100) String name,
                       @jakarta.validation.constraints.DecimalMin("-90") @jakarta.validation.constraints.DecimalMax("90")
                       Double latitude,
                       @jakarta.validation.constraints.DecimalMin("-180")
                       @jakarta.validation.constraints.DecimalMax("180") Double longitude,
                       @jakarta.validation.constraints.Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}") String districtOf) {
    }

    @Schema(example = """
            {"type": "STAFF_SAFETY", "safe": 180, "injured": 2, "missing": 0, "unreachable": 3,
            "ableToWork": 150, "note": "団地内企業 12社中 10社から回答。2社未確認。"}""")
    record StaffSafety(@NotNull @PositiveOrZero @Max(MAX_COUNT) Integer safe,
                       @NotNull @PositiveOrZero @Max(MAX_COUNT) Integer injured,
                       @NotNull @PositiveOrZero @Max(MAX_COUNT) Integer missing,
                       @PositiveOrZero @Max(MAX_COUNT) Integer unreachable,
                       @PositiveOrZero @Max(MAX_COUNT) Integer ableToWork,
                       @Size(max = 2000) String note, Instant observedAt, Boolean unconfirmed,
                       @Pattern(regexp = ID) String supersedes, AreaRequest area,
                       @Size(max = 128) String commandId) implements ReportRequest {
        @Override
        public ReportContent content() {
            return new ReportContent.StaffSafety(safe, injured, missing, unreachable == null ? 0 : unreachable,
                                                 ableToWork);
        }
    }

    @Schema(example = """
            {"type": "SITE_DAMAGE", "site": "第2工場", "severity": "LIGHT", "operating": true,
            "note": "窓ガラス破損、操業に支障なし"}""")
    record SiteDamage(@Size(max = 200) String site, @NotNull ReportContent.Severity severity, Boolean operating,
                      @Size(max = 2000) String note, Instant observedAt, Boolean unconfirmed,
                      @Pattern(regexp = ID) String supersedes, AreaRequest area,
                      @Size(max = 128) String commandId) implements ReportRequest {
        @Override
        public ReportContent content() {
            return new ReportContent.SiteDamage(site, severity, operating);
        }
    }

    @Schema(example = """
            {"type": "SURROUNDINGS", "accessRoutes": "CUT", "reachable": false, "area": {"name": "長田野地区",
            "districtOf": "fukuchiyama-chamber"}}""")
    record Surroundings(@NotNull ReportContent.Routes accessRoutes, @NotNull Boolean reachable,
                        @Size(max = 2000) String note, Instant observedAt, Boolean unconfirmed,
                        @Pattern(regexp = ID) String supersedes, AreaRequest area,
                        @Size(max = 128) String commandId) implements ReportRequest {
        @Override
        public ReportContent content() {
            return new ReportContent.Surroundings(accessRoutes, reachable);
        }
    }

    @Schema(example = """
            {"type": "INFRASTRUCTURE_OUTAGE", "outageId": "fukuchiyama-2026-11-26-1", "sector": "POWER",
            "householdsAffected": 3200, "sitesAffected": 41, "cause": "配電線の断線",
            "restorationEta": "2026-11-26T18:00:00Z", "area": {"name": "長田野町"}}""")
    record Outage(@NotNull @Pattern(regexp = ID) String outageId, @NotNull InfrastructureSector sector,
                  @PositiveOrZero @Max(MAX_COUNT) Integer householdsAffected,
                  @PositiveOrZero @Max(MAX_COUNT) Integer sitesAffected, @Size(max = 500) String cause,
                  Instant restorationEta,
                  @Size(max = 2000) String note, Instant observedAt, Boolean unconfirmed,
                  @Pattern(regexp = ID) String supersedes, AreaRequest area,
                  @Size(max = 128) String commandId) implements ReportRequest {
        @Override
        public ReportContent content() {
            return new ReportContent.Outage(outageId, sector, householdsAffected, sitesAffected, cause, restorationEta);
        }
    }

    @Schema(example = """
            {"type": "RESTORATION_ETA", "outageId": "fukuchiyama-2026-11-26-1",
            "restorationEta": "2026-11-27T06:00:00Z", "reason": "倒木で作業車が進入できない"}""")
    record RestorationEta(@NotNull @Pattern(regexp = ID) String outageId, @NotNull Instant restorationEta,
                          @Size(max = 500) String reason,
                          @Size(max = 2000) String note, Instant observedAt, Boolean unconfirmed,
                          @Pattern(regexp = ID) String supersedes, AreaRequest area,
                          @Size(max = 128) String commandId) implements ReportRequest {
        @Override
        public ReportContent content() {
            return new ReportContent.RestorationEta(outageId, restorationEta, reason);
        }
    }

    @Schema(example = """
            {"type": "RESTORED", "outageId": "fukuchiyama-2026-11-26-1"}""")
    record Restored(@NotNull @Pattern(regexp = ID) String outageId,
                    @Size(max = 2000) String note, Instant observedAt, Boolean unconfirmed,
                    @Pattern(regexp = ID) String supersedes, AreaRequest area,
                    @Size(max = 128) String commandId) implements ReportRequest {
        @Override
        public ReportContent content() {
            return new ReportContent.Restored(outageId);
        }
    }

    @Schema(example = """
            {"type": "SHELTER_STATUS", "shelter": "長田野体育館", "open": true, "capacity": 300, "occupancy": 112}""")
    record Shelter(@NotBlank @Size(max = 200) String shelter, @NotNull Boolean open,
                   @PositiveOrZero @Max(MAX_COUNT) Integer capacity, @PositiveOrZero @Max(MAX_COUNT) Integer occupancy,
                   @Size(max = 2000) String note, Instant observedAt, Boolean unconfirmed,
                   @Pattern(regexp = ID) String supersedes, AreaRequest area,
                   @Size(max = 128) String commandId) implements ReportRequest {
        @Override
        public ReportContent content() {
            return new ReportContent.Shelter(shelter, open, capacity, occupancy);
        }
    }

    @Schema(example = """
            {"type": "CONSULTATION_DESK", "status": "OPENED", "location": "福知山商工会議所 1階"}""")
    record ConsultationDesk(@NotNull ReportContent.DeskStatus status, @Size(max = 300) String location,
                            @Size(max = 2000) String note, Instant observedAt, Boolean unconfirmed,
                            @Pattern(regexp = ID) String supersedes, AreaRequest area,
                            @Size(max = 128) String commandId) implements ReportRequest {
        @Override
        public ReportContent content() {
            return new ReportContent.ConsultationDesk(status, location);
        }
    }

    @Schema(example = """
            {"type": "BUSINESS_RECOVERY", "status": "PARTIAL", "note": "1ライン再稼働"}""")
    record BusinessRecovery(@NotNull ReportContent.Recovery status,
                            @Size(max = 2000) String note, Instant observedAt, Boolean unconfirmed,
                            @Pattern(regexp = ID) String supersedes, AreaRequest area,
                            @Size(max = 128) String commandId) implements ReportRequest {
        @Override
        public ReportContent content() {
            return new ReportContent.BusinessRecovery(status);
        }
    }

    @Schema(example = """
            {"type": "SUPPLY_CHAIN", "affectedSuppliers": ["樹脂材料 A社"], "affectedCustomers": ["B自動車 福知山工場"]}""")
    record SupplyChain(@Size(max = 200) List<@NotBlank @Size(max = 200) String> affectedSuppliers,
                       @Size(max = 200) List<@NotBlank @Size(max = 200) String> affectedCustomers,
                       @Size(max = 2000) String note, Instant observedAt, Boolean unconfirmed,
                       @Pattern(regexp = ID) String supersedes, AreaRequest area,
                       @Size(max = 128) String commandId) implements ReportRequest {
        @Override
        public ReportContent content() {
            return new ReportContent.SupplyChain(affectedSuppliers == null ? List.of() : List.copyOf(affectedSuppliers),
                                                 affectedCustomers == null ? List.of() : List.copyOf(affectedCustomers));
        }
    }

    record ItemRequest(@NotNull DamageItem.DamageCategory category,
                       @NotNull @PositiveOrZero @Max(MAX_YEN) Long amountYen,
                       @NotNull DamageItem.ValuationBasis basis) {
    }

    /** 被害調査 of one business; {@code area} is required and must lie in the surveying organisation's district. */
    @Schema(example = """
            {"type": "DAMAGE_SURVEY", "businessId": "b-010", "businessName": "長田野精工", "grade": "HALF_COLLAPSE",
            "estimate": "ROUGH", "powerOutage": true, "area": {"name": "長田野地区"},
            "items": [{"category": "BUILDING", "amountYen": 12000000, "basis": "REPLACEMENT"},
            {"category": "MACHINERY", "amountYen": 3500000, "basis": "REPAIR"}]}""")
    record BusinessDamage(@NotNull @Pattern(regexp = ID) String businessId, @Size(max = 200) String businessName,
                          @NotNull DamageGrade grade, @Size(max = 50) List<@NotNull @Valid ItemRequest> items,
                          @NotNull Estimate estimate, Boolean powerOutage, Boolean unreachable,
                          @Size(max = 2000) String note, Instant observedAt, Boolean unconfirmed,
                          @Pattern(regexp = ID) String supersedes, @NotNull AreaRequest area,
                          @Size(max = 128) String commandId) implements ReportRequest {
        @Override
        public ReportContent content() {
            List<DamageItem> priced = items == null ? List.of()
                    : items.stream().map(i -> new DamageItem(i.category(), i.amountYen(), i.basis())).toList();
            return new ReportContent.BusinessDamage(businessId, businessName, grade, priced, estimate,
                                                    Boolean.TRUE.equals(powerOutage), Boolean.TRUE.equals(unreachable));
        }
    }
}
