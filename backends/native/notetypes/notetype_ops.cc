#include "backends/native/notetypes/notetype_ops.h"

#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/rendering/cardgen.h"

namespace ankc::native {

std::vector<CardRequirement> compute_requirements(const Notetype& nt) {
  rendering::Notetype r;
  r.name = nt.name;
  r.kind = nt.is_cloze() ? rendering::NotetypeKind::kCloze : rendering::NotetypeKind::kNormal;
  for (const auto& f : nt.fields) r.field_names.push_back(f.name);
  for (const auto& t : nt.templates) {
    rendering::CardTemplate ct;
    ct.name = t.name;
    ct.qfmt = t.q_format;
    ct.afmt = t.a_format;
    r.templates.push_back(ct);
  }
  std::vector<CardRequirement> out;
  auto reqs = rendering::template_requirements(r);
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    CardRequirement req;
    req.card_ord = static_cast<uint32_t>(i);
    req.kind = reqs[i].kind == rendering::RequirementKind::kAny   ? CardRequirement::Kind::Any
               : reqs[i].kind == rendering::RequirementKind::kAll ? CardRequirement::Kind::All
                                                                  : CardRequirement::Kind::None;
    req.field_ords.assign(reqs[i].field_ords.begin(), reqs[i].field_ords.end());
    out.push_back(std::move(req));
  }
  return out;
}

void save_notetype(storage::Db& db, Notetype& nt, TimestampMillis now) {
  for (uint32_t i = 0; i < nt.fields.size(); ++i) nt.fields[i].ord = i;
  for (uint32_t i = 0; i < nt.templates.size(); ++i) nt.templates[i].ord = i;
  nt.reqs = compute_requirements(nt);
  nt.mtime = now.secs();
  nt.usn = kLocalUsn;
  store_notetype(db, nt);
}

}  // namespace ankc::native
