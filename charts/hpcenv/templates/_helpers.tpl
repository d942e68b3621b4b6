{{/* Name of the operator's objects: "<release>-hpcenv-operator", or "<release>-operator" when the
release name already says hpcenv; at most 63 characters. */}}
{{- define "hpcenv.fullname" -}}
{{- if contains "hpcenv" .Release.Name -}}
{{- printf "%s-operator" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-hpcenv-operator" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "hpcenv.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "hpcenv.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "hpcenv.selectorLabels" -}}
app.kubernetes.io/name: hpcenv-operator
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "hpcenv.labels" -}}
{{ include "hpcenv.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: hpcenv
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "hpcenv.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* Namespace of the SlurmCluster's Secret. */}}
{{- define "hpcenv.slurmSecretNamespace" -}}
{{- default .Release.Namespace .Values.slurmCluster.auth.secret.namespace -}}
{{- end -}}

{{/* The Secrets the operator may read, as YAML {namespace: [names]}: rbac.secretAccess plus the
SlurmCluster's Secret when the chart creates the SlurmCluster. Names are sorted and unique. */}}
{{- define "hpcenv.secretGrants" -}}
{{- $grants := dict -}}
{{- range .Values.rbac.secretAccess -}}
{{- $names := get $grants .namespace | default list -}}
{{- $_ := set $grants .namespace (concat $names .names) -}}
{{- end -}}
{{- if .Values.slurmCluster.create -}}
{{- $ns := include "hpcenv.slurmSecretNamespace" . -}}
{{- $names := get $grants $ns | default list -}}
{{- $_ := set $grants $ns (append $names .Values.slurmCluster.auth.secret.name) -}}
{{- end -}}
{{- range $ns, $names := $grants -}}
{{- $_ := set $grants $ns ($names | uniq | sortAlpha) -}}
{{- end -}}
{{- toYaml $grants -}}
{{- end -}}

{{/* The log API's Service: its name, and the DNS names its serving certificate carries. */}}
{{- define "hpcenv.logApiService" -}}
{{- printf "%s-log-api" (include "hpcenv.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "hpcenv.logIngestService" -}}
{{- printf "%s-log-ingest" (include "hpcenv.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "hpcenv.logApiTlsSecret" -}}
{{- printf "%s-log-api-tls" (include "hpcenv.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "hpcenv.logVolumeClaim" -}}
{{- printf "%s-logs" (include "hpcenv.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
