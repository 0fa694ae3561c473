// Renders the spec this mock serves, with "Try it out" aimed at the mock itself.
(function () {
  "use strict";
  // The directory of this page is the mock's root, whatever its port or path prefix.
  var root = new URL(".", window.location.href);
  var container = document.getElementById("swagger-ui");

  // Swagger UI shows an operation's falsy x- value as null (`x-idempotent: false`
  // would read "null"); this row prints the JSON of every value, false and 0 included.
  function ExactExtensionValues() {
    return {
      wrapComponents: {
        OperationExtRow: function (Original, system) {
          return function (props) {
            var value = props.xVal && props.xVal.toJS ? props.xVal.toJS() : props.xVal;
            var h = system.React.createElement;
            return h("tr", null, h("td", null, props.xKey), h("td", null, JSON.stringify(value)));
          };
        },
      },
    };
  }

  function showError(message) {
    container.textContent = "Could not load the API reference: " + message;
  }

  fetch(new URL("openapi.json", root))
    .then(function (response) {
      if (!response.ok) {
        throw new Error("GET openapi.json answered " + response.status);
      }
      return response.json();
    })
    .then(function (spec) {
      // The spec names the real API; requests from this page go to the mock serving it.
      var real = (spec.servers || []).map(function (server) { return server.url; });
      spec.servers = [{
        url: root.href.replace(/\/$/, ""),
        description: "this mock" + (real.length ? " (the real API: " + real.join(", ") + ")" : ""),
      }];
      // Servers set on a path or an operation would win over the mock: drop them.
      Object.values(spec.paths || {}).forEach(function (item) {
        delete item.servers;
        Object.values(item).forEach(function (op) {
          if (op && typeof op === "object") { delete op.servers; }
        });
      });
      window.ui = SwaggerUIBundle({
        spec: spec,
        dom_id: "#swagger-ui",
        validatorUrl: null, // the default badge would send the spec to validator.swagger.io
        deepLinking: true,
        displayRequestDuration: true,
        showExtensions: true,
        showCommonExtensions: true,
        defaultModelsExpandDepth: 1,
        defaultModelExpandDepth: 3,
        plugins: [ExactExtensionValues],
      });
    })
    .catch(function (error) { showError(String(error)); });
})();
