{{/*
Chart name, truncated to the 63 characters of a label value.
*/}}
{{- define "huying.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified release name: "<release>-<chart>", or the release name alone when it already
contains the chart name.
*/}}
{{- define "huying.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version, for the helm.sh/chart label.
*/}}
{{- define "huying.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The components, in start order: the gateway, then the six services. Each has a block of the same
name in values.yaml.
*/}}
{{- define "huying.components" -}}
gateway intake dispatch response feedback sla notify
{{- end }}

{{/*
The services behind the gateway (every component but the gateway).
*/}}
{{- define "huying.services" -}}
intake dispatch response feedback sla notify
{{- end }}

{{/*
Name of a component's resources: "<fullname>-<component>".
Call with (dict "root" $ "name" "<component>").
*/}}
{{- define "huying.componentFullname" -}}
{{- printf "%s-%s" (include "huying.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels of a component: name and instance, plus the component, since every component of
the release lives in this one chart and each Deployment must select only its own pods.
Call with (dict "root" $ "name" "<component>").
*/}}
{{- define "huying.selectorLabels" -}}
app.kubernetes.io/name: {{ include "huying.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end }}

{{/*
Common labels of a component's resources.
Call with (dict "root" $ "name" "<component>").
*/}}
{{- define "huying.labels" -}}
helm.sh/chart: {{ include "huying.chart" .root }}
{{ include "huying.selectorLabels" . }}
{{- with .root.Chart.AppVersion }}
app.kubernetes.io/version: {{ . | quote }}
{{- end }}
app.kubernetes.io/part-of: huying
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{/*
ServiceAccount the components run as.
*/}}
{{- define "huying.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "huying.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Image of a component: [<global.image.registry>/]<repository>:<tag>, the tag falling back to
global.image.tag, then to the chart's appVersion.
Call with (dict "root" $ "name" "<component>" "component" <its values>).
*/}}
{{- define "huying.image" -}}
{{- $g := .root.Values.global.image }}
{{- $tag := .component.image.tag | default $g.tag | default .root.Chart.AppVersion }}
{{- if $g.registry }}
{{- printf "%s/%s:%v" (trimSuffix "/" $g.registry) .component.image.repository $tag }}
{{- else }}
{{- printf "%s:%v" .component.image.repository $tag }}
{{- end }}
{{- end }}

{{/*
Keycloak's realm URL, the OIDC auth-server-url of every component (HUYING_OIDC_URL).
*/}}
{{- define "huying.oidcUrl" -}}
{{- printf "%s/realms/%s" (trimSuffix "/" .Values.global.keycloak.url) .Values.global.keycloak.realm }}
{{- end }}

{{/*
Query string of the datasource URLs ("" or "?<global.postgresql.urlParameters>").
*/}}
{{- define "huying.dbUrlQuery" -}}
{{- with .Values.global.postgresql.urlParameters }}
{{- printf "?%s" (trimPrefix "?" .) }}
{{- end }}
{{- end }}

{{/*
Non-secret settings of a component, as the data of its ConfigMap (KEY: "value" lines, sorted).
Secrets are not here: the Deployment takes them from the existing Secrets with secretKeyRef.
global.env, then the component's env, override anything computed here.
Call with (dict "root" $ "name" "<component>" "component" <its values>).
*/}}
{{- define "huying.configData" -}}
{{- $root := .root }}
{{- $g := $root.Values.global }}
{{- $c := .component }}
{{- $pg := printf "%s:%v/%s%s" $g.postgresql.host $g.postgresql.port $c.database.name (include "huying.dbUrlQuery" $root) }}
{{- $data := dict }}
{{- /* Quarkus listens on every interface of the pod (the gateway's properties bind 127.0.0.1). */}}
{{- $_ := set $data "QUARKUS_HTTP_HOST" "0.0.0.0" }}
{{- $_ := set $data "QUARKUS_HTTP_PORT" (toString $c.containerPort) }}
{{- $_ := set $data "HUYING_OIDC_URL" (include "huying.oidcUrl" $root) }}
{{- $_ := set $data "HUYING_PG_HOST" (toString $g.postgresql.host) }}
{{- $_ := set $data "HUYING_PG_PORT" (toString $g.postgresql.port) }}
{{- $_ := set $data "HUYING_DATABASE" (toString $c.database.name) }}
{{- $_ := set $data "QUARKUS_DATASOURCE_REACTIVE_URL" (printf "postgresql://%s" $pg) }}
{{- with $g.javaToolOptions }}
{{- $_ := set $data "JAVA_TOOL_OPTIONS" . }}
{{- end }}
{{- $tracing := $g.tracing | default dict }}
{{- with $tracing.otlpEndpoint }}
{{- $_ := set $data "HUYING_OTLP_ENDPOINT" (toString .) }}
{{- end }}
{{- $_ := set $data "HUYING_TRACE_SAMPLE_RATIO" (toString (default "0" $tracing.sampleRatio)) }}
{{- if eq .name "gateway" }}
{{- range $service := splitList " " (include "huying.services" $root) }}
{{- $url := index ($c.serviceUrls | default dict) $service }}
{{- if not $url }}
{{- $url = printf "http://%s:80" (include "huying.componentFullname" (dict "root" $root "name" $service)) }}
{{- end }}
{{- $_ := set $data (printf "HUYING_GATEWAY_SERVICES_%s" (upper $service)) $url }}
{{- end }}
{{- $adminUrl := $c.identityAdminUrl }}
{{- if not $adminUrl }}
{{- $kc := trimSuffix "/" ($g.keycloak.publicUrl | default $g.keycloak.url) }}
{{- $adminUrl = printf "%s/admin/%s/console/" $kc $g.keycloak.realm }}
{{- end }}
{{- $_ := set $data "HUYING_IDENTITY_ADMIN_URL" $adminUrl }}
{{- if $c.proxyForwarding }}
{{- $_ := set $data "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING" "true" }}
{{- $_ := set $data "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED" "true" }}
{{- $_ := set $data "QUARKUS_HTTP_PROXY_ENABLE_FORWARDED_HOST" "true" }}
{{- end }}
{{- else }}
{{- $_ := set $data "HUYING_KAFKA_BOOTSTRAP" (toString $g.kafka.bootstrapServers) }}
{{- $_ := set $data "QUARKUS_DATASOURCE_JDBC_URL" (printf "jdbc:postgresql://%s" $pg) }}
{{- if eq (toString $g.attachments.store) "s3" }}
{{- $_ := set $data "HUYING_ATTACHMENTS_STORE" "s3" }}
{{- $_ := set $data "HUYING_ATTACHMENTS_S3_ENDPOINT" (toString $g.attachments.s3.endpoint) }}
{{- $_ := set $data "HUYING_ATTACHMENTS_S3_BUCKET" (toString $g.attachments.s3.bucket) }}
{{- $_ := set $data "HUYING_ATTACHMENTS_S3_REGION" (toString $g.attachments.s3.region) }}
{{- $_ := set $data "HUYING_ATTACHMENTS_S3_PATH_STYLE" (toString $g.attachments.s3.pathStyle) }}
{{- end }}
{{- if and (eq .name "notify") $c.smtp $c.smtp.host }}
{{- $_ := set $data "HUYING_SMTP_HOST" (toString $c.smtp.host) }}
{{- $_ := set $data "HUYING_SMTP_PORT" (toString $c.smtp.port) }}
{{- $_ := set $data "HUYING_MAIL_FROM" (toString $c.smtp.from) }}
{{- $_ := set $data "HUYING_SMTP_START_TLS" (toString $c.smtp.startTls) }}
{{- end }}
{{- end }}
{{- range $k, $v := $g.env }}
{{- $_ := set $data $k (toString $v) }}
{{- end }}
{{- range $k, $v := $c.env }}
{{- $_ := set $data $k (toString $v) }}
{{- end }}
{{- range $k, $v := $data }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end }}

{{/*
Secret environment of a component: only secretKeyRef into the existing Secrets named in values.
Call with (dict "root" $ "name" "<component>" "component" <its values>).
*/}}
{{- define "huying.secretEnv" -}}
{{- $g := .root.Values.global }}
{{- $c := .component }}
{{- $db := $g.existingSecret.database }}
- name: HUYING_PG_USER
  valueFrom:
    secretKeyRef:
      name: {{ $c.database.existingSecret | default $db.name }}
      key: {{ $db.usernameKey }}
- name: HUYING_PG_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $c.database.existingSecret | default $db.name }}
      key: {{ $db.passwordKey }}
{{- if eq .name "gateway" }}
{{- $oidc := $g.existingSecret.oidc }}
- name: HUYING_GATEWAY_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $oidc.name }}
      key: {{ $oidc.gatewayClientSecretKey }}
- name: HUYING_GATEWAY_STATE_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $oidc.name }}
      key: {{ $oidc.gatewayStateSecretKey }}
{{- else }}
{{- if eq .name "intake" }}
{{- $oidc := $g.existingSecret.oidc }}
{{- /* huying-directory's secret: intake keeps the realm's groups in step with the org tree (optional: without it, nothing is synced and GET /api/org/realm-groups says so). */}}
- name: HUYING_DIRECTORY_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ $oidc.name }}
      key: {{ $oidc.directoryClientSecretKey }}
      optional: true
{{- end }}
{{- if eq (toString $g.attachments.store) "s3" }}
{{- $s3 := $g.existingSecret.s3 }}
{{- if not $s3.name }}
{{- fail "global.attachments.store is s3: set global.existingSecret.s3.name (the Secret with the object store keys)" }}
{{- end }}
- name: HUYING_ATTACHMENTS_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $s3.name }}
      key: {{ $s3.accessKeyKey }}
- name: HUYING_ATTACHMENTS_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $s3.name }}
      key: {{ $s3.secretKeyKey }}
{{- end }}
{{- if and (eq .name "notify") $g.existingSecret.smtp.name }}
{{- $smtp := $g.existingSecret.smtp }}
- name: HUYING_SMTP_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $smtp.name }}
      key: {{ $smtp.usernameKey }}
- name: HUYING_SMTP_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $smtp.name }}
      key: {{ $smtp.passwordKey }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Pod annotations of a component: prometheus.io/* for annotation-based discovery (when
monitoring.podAnnotations.enabled), then global.podAnnotations, then the component's own; the later win.
Call with (dict "root" $ "name" "<component>" "component" <its values>).
*/}}
{{- define "huying.podAnnotations" -}}
{{- $annotations := dict }}
{{- if .root.Values.monitoring.podAnnotations.enabled }}
{{- $_ := set $annotations "prometheus.io/scrape" "true" }}
{{- $_ := set $annotations "prometheus.io/path" "/q/metrics" }}
{{- $_ := set $annotations "prometheus.io/port" (toString .component.containerPort) }}
{{- end }}
{{- $annotations = merge (dict) (.component.podAnnotations | default dict) (.root.Values.global.podAnnotations | default dict) $annotations }}
{{- with $annotations }}
{{- toYaml . }}
{{- end }}
{{- end }}
