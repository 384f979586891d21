// Candidate application: show only the fields of the chosen project, and the neighbourhood
// name only when the QPV criterion is ticked. Without JavaScript every field stays visible.
(function () {
  "use strict";

  function toggle(id, shown) {
    var wrapper = document.getElementById(id);
    if (wrapper) {
      wrapper.hidden = !shown;
    }
  }

  function projectFields() {
    var chosen = document.querySelector('input[name="project_type"]:checked');
    if (!chosen) {
      return;
    }
    var business = chosen.value === "business_creation";
    toggle("div_id_business_project", business);
    toggle("div_id_target_job_family", !business);
    toggle("div_id_target_job", !business);
  }

  function qpvName() {
    var qpv = document.getElementById("id_qpv");
    if (qpv) {
      toggle("div_id_qpv_name", qpv.checked);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('input[name="project_type"]').forEach(function (input) {
      input.addEventListener("change", projectFields);
    });
    var qpv = document.getElementById("id_qpv");
    if (qpv) {
      qpv.addEventListener("change", qpvName);
    }
    projectFields();
    qpvName();
  });
})();
