// A conformance driver for Confluent's Go client (github.com/confluentinc/confluent-kafka-go/v2/schemaregistry and its
// serde packages), unchanged: `go-client <registry-url> <scenario> <prefix>` runs one scenario against the registry and
// prints one JSON line of what the client saw. Subjects and topics start with <prefix>, so scenarios never collide.
// Errors the client reports are printed as {"code": error_code, "message": ...}; a step that must succeed and fails
// ends the scenario with {"fatal": ...} and exit code 1. test/clients/go.test.ts builds and runs it.
package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"sort"

	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/rest"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde/avrov2"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde/jsonschema"
	"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde/protobuf"
	"github.com/jhump/protoreflect/desc/protoparse"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"
)

type result map[string]any

// fatal stops a scenario at a step that had to succeed.
type fatal struct {
	step string
	err  error
}

// must returns value, or ends the scenario naming the line of the call that failed.
func must[T any](value T, err error) T {
	if err != nil {
		_, _, line, _ := runtime.Caller(1)
		panic(fatal{fmt.Sprintf("main.go:%d", line), err})
	}
	return value
}

func check(step string, ok bool, detail ...any) {
	if !ok {
		panic(fatal{step, fmt.Errorf("unexpected: %v", detail)})
	}
}

// failure describes an error the client reported: the registry's error_code and message when it is a rest.Error.
func failure(err error) any {
	if err == nil {
		return nil
	}
	var re *rest.Error
	if errors.As(err, &re) {
		return map[string]any{"code": re.Code, "message": re.Message}
	}
	return map[string]any{"code": 0, "message": err.Error()}
}

// attempt records what a call returned: {"value": v} or {"error": {...}}.
func attempt[T any](value T, err error) map[string]any {
	if err != nil {
		return map[string]any{"error": failure(err)}
	}
	return map[string]any{"value": value}
}

func newClient(url string) schemaregistry.Client {
	conf := schemaregistry.NewConfig(url)
	conf.MaxRetries = 0
	return must(schemaregistry.NewClient(conf))
}

func metadata(m schemaregistry.SchemaMetadata) map[string]any {
	refs := []any{}
	for _, r := range m.References {
		refs = append(refs, map[string]any{"name": r.Name, "subject": r.Subject, "version": r.Version})
	}
	return map[string]any{"id": m.ID, "subject": m.Subject, "version": m.Version, "schemaType": m.SchemaType, "schema": m.Schema, "references": refs}
}

func info(i schemaregistry.SchemaInfo) map[string]any {
	refs := []any{}
	for _, r := range i.References {
		refs = append(refs, map[string]any{"name": r.Name, "subject": r.Subject, "version": r.Version})
	}
	return map[string]any{"schemaType": i.SchemaType, "schema": i.Schema, "references": refs}
}

func level(c schemaregistry.Compatibility) string {
	return c.String()
}

func wire(payload []byte) map[string]any {
	if len(payload) < 5 {
		return map[string]any{"length": len(payload)}
	}
	return map[string]any{"magic": int(payload[0]), "id": int(binary.BigEndian.Uint32(payload[1:5])), "length": len(payload), "rest": fmt.Sprintf("%x", payload[5:])}
}

const (
	userV1 = `{"type":"record","name":"User","namespace":"go.test","fields":[{"name":"id","type":"long"}]}`
	// The same schema, spaced and ordered differently: a lookup with normalize=true must find it.
	userV1Spaced = `{ "namespace": "go.test", "name": "User", "type": "record", "fields": [ { "type": "long", "name": "id" } ] }`
	userV2       = `{"type":"record","name":"User","namespace":"go.test","fields":[{"name":"id","type":"long"},{"name":"email","type":["null","string"],"default":null}]}`
	userV3       = `{"type":"record","name":"User","namespace":"go.test","fields":[{"name":"id","type":"long"},{"name":"email","type":["null","string"],"default":null},{"name":"age","type":"int","default":0}]}`
	// id changes type: not BACKWARD compatible with userV1.
	userBreaking = `{"type":"record","name":"User","namespace":"go.test","fields":[{"name":"id","type":"string"}]}`
	userNever    = `{"type":"record","name":"Never","namespace":"go.test","fields":[{"name":"x","type":"int"}]}`
	personJSON   = `{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer","minimum":0}},"required":["name"]}`
	commonProto  = "syntax = \"proto3\";\npackage go.test;\n\nmessage Money {\n  string currency = 1;\n  int64 units = 2;\n}\n"
	orderProto   = "syntax = \"proto3\";\npackage go.test;\n\nimport \"go/test/common.proto\";\n\nmessage Order {\n  string id = 1;\n  go.test.Money total = 2;\n}\n"
)

var scenarios = map[string]func(url, prefix string, out result){
	"client":           scenarioClient,
	"compatibility":    scenarioCompatibility,
	"config-normalize": scenarioConfigNormalize,
	"contexts":         scenarioContexts,
	"delete":           scenarioDelete,
	"serde-avro":       scenarioSerdeAvro,
	"serde-json":       scenarioSerdeJSON,
	"serde-protobuf":   scenarioSerdeProtobuf,
}

func main() {
	if len(os.Args) != 4 || scenarios[os.Args[2]] == nil {
		names := []string{}
		for name := range scenarios {
			names = append(names, name)
		}
		sort.Strings(names)
		fmt.Fprintf(os.Stderr, "usage: %s <registry-url> <scenario> <prefix>\nscenarios: %v\n", os.Args[0], names)
		os.Exit(2)
	}
	out := result{}
	code := 0
	func() {
		defer func() {
			if r := recover(); r != nil {
				if f, ok := r.(fatal); ok {
					out["fatal"] = fmt.Sprintf("%s: %v", f.step, f.err)
					if d := failure(f.err); d != nil {
						out["fatal_error"] = d
					}
				} else {
					out["fatal"] = fmt.Sprint(r)
				}
				code = 1
			}
		}()
		scenarios[os.Args[2]](os.Args[1], os.Args[3], out)
	}()
	line, err := json.Marshal(out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	fmt.Println(string(line))
	os.Exit(code)
}

// Registration, reads by subject/version/id, lookups and listings: Avro, JSON Schema, Protobuf with a reference.
func scenarioClient(url, prefix string, out result) {
	c := newClient(url)
	avroSubject := prefix + "-users-value"
	id1 := must(c.Register(avroSubject, schemaregistry.SchemaInfo{Schema: userV1}, false))
	out["avro_id1"] = id1
	// A second client (no cache) registering the same schema gets the same id from the server.
	out["avro_id1_again"] = must(newClient(url).Register(avroSubject, schemaregistry.SchemaInfo{Schema: userV1}, false))
	full := must(c.RegisterFullResponse(avroSubject, schemaregistry.SchemaInfo{Schema: userV2}, false))
	out["avro_id2"] = full.ID
	out["avro_register_full"] = metadata(full)

	out["latest"] = metadata(must(c.GetLatestSchemaMetadata(avroSubject)))
	out["version1"] = metadata(must(c.GetSchemaMetadata(avroSubject, 1)))
	out["by_subject_and_id"] = info(must(c.GetBySubjectAndID(avroSubject, id1)))
	out["by_id"] = info(must(newClient(url).GetBySubjectAndID("", full.ID)))
	svs := must(c.GetSubjectsAndVersionsByID(id1))
	pairs := []any{}
	for _, sv := range svs {
		pairs = append(pairs, map[string]any{"subject": sv.Subject, "version": sv.Version})
	}
	out["subjects_versions_by_id"] = pairs

	fresh := newClient(url)
	out["lookup_id"] = must(fresh.GetID(avroSubject, schemaregistry.SchemaInfo{Schema: userV1}, false))
	out["lookup_full"] = metadata(must(fresh.GetIDFullResponse(avroSubject, schemaregistry.SchemaInfo{Schema: userV2}, false)))
	out["lookup_version"] = must(fresh.GetVersion(avroSubject, schemaregistry.SchemaInfo{Schema: userV2}, false))
	out["lookup_normalized"] = attempt(fresh.GetID(avroSubject, schemaregistry.SchemaInfo{Schema: userV1Spaced}, true))
	out["lookup_unregistered"] = attempt(fresh.GetID(avroSubject, schemaregistry.SchemaInfo{Schema: userNever}, false))
	out["lookup_missing_subject"] = attempt(fresh.GetID(prefix+"-missing", schemaregistry.SchemaInfo{Schema: userV1}, false))
	out["versions"] = must(c.GetAllVersions(avroSubject))

	jsonSubject := prefix + "-people-value"
	out["json_id"] = must(c.Register(jsonSubject, schemaregistry.SchemaInfo{Schema: personJSON, SchemaType: "JSON"}, false))
	out["json_latest"] = metadata(must(c.GetLatestSchemaMetadata(jsonSubject)))

	commonSubject := prefix + "-common"
	out["proto_common_id"] = must(c.Register(commonSubject, schemaregistry.SchemaInfo{Schema: commonProto, SchemaType: "PROTOBUF"}, false))
	orderSubject := prefix + "-orders-value"
	orderInfo := schemaregistry.SchemaInfo{Schema: orderProto, SchemaType: "PROTOBUF", References: []schemaregistry.Reference{{Name: "go/test/common.proto", Subject: commonSubject, Version: 1}}}
	out["proto_order_id"] = must(c.Register(orderSubject, orderInfo, false))
	out["proto_latest"] = metadata(must(c.GetLatestSchemaMetadata(orderSubject)))
	out["proto_by_id"] = info(must(newClient(url).GetBySubjectAndID("", out["proto_order_id"].(int))))
	out["proto_lookup_id"] = must(newClient(url).GetID(orderSubject, orderInfo, false))
	out["proto_missing_reference"] = attempt(c.Register(prefix+"-broken-value", schemaregistry.SchemaInfo{Schema: orderProto, SchemaType: "PROTOBUF",
		References: []schemaregistry.Reference{{Name: "go/test/common.proto", Subject: prefix + "-nowhere", Version: 1}}}, false))

	subjects := must(c.GetAllSubjects())
	mine := []string{}
	for _, s := range subjects {
		if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
			mine = append(mine, s)
		}
	}
	sort.Strings(mine)
	out["subjects"] = mine

	out["missing_subject_latest"] = attempt(c.GetLatestSchemaMetadata(prefix + "-missing"))
	out["missing_subject_versions"] = attempt(c.GetAllVersions(prefix + "-missing"))
	out["missing_version"] = attempt(c.GetSchemaMetadata(avroSubject, 42))
	out["missing_id"] = attempt(newClient(url).GetBySubjectAndID("", 987654))
	out["invalid_schema"] = attempt(c.Register(prefix+"-invalid-value", schemaregistry.SchemaInfo{Schema: `{"type":"record","name":"Bad","fields":[{"name":"x","type":"nope"}]}`}, false))
}

// GetAllContexts (GET /contexts).
func scenarioContexts(url, prefix string, out result) {
	out["contexts"] = attempt(newClient(url).GetAllContexts())
}

// Compatibility checks and configuration, subject-level and global.
func scenarioCompatibility(url, prefix string, out result) {
	c := newClient(url)
	subject := prefix + "-compat-value"
	must(c.Register(subject, schemaregistry.SchemaInfo{Schema: userV1}, false))
	out["compatible_v1"] = must(c.TestCompatibility(subject, 1, schemaregistry.SchemaInfo{Schema: userV2}))
	out["incompatible_v1"] = must(c.TestCompatibility(subject, 1, schemaregistry.SchemaInfo{Schema: userBreaking}))
	out["compatible_latest"] = attempt(c.TestCompatibility(subject, -1, schemaregistry.SchemaInfo{Schema: userV2}))
	out["subject_compatible"] = must(c.TestSubjectCompatibility(subject, schemaregistry.SchemaInfo{Schema: userV2}))
	out["subject_incompatible"] = must(c.TestSubjectCompatibility(subject, schemaregistry.SchemaInfo{Schema: userBreaking}))
	out["missing_version"] = attempt(c.TestCompatibility(subject, 7, schemaregistry.SchemaInfo{Schema: userV2}))
	out["missing_subject"] = attempt(c.TestCompatibility(prefix+"-missing", 1, schemaregistry.SchemaInfo{Schema: userV2}))
	out["invalid_schema"] = attempt(c.TestCompatibility(subject, 1, schemaregistry.SchemaInfo{Schema: `{"type":"nope"}`}))
	out["register_incompatible"] = attempt(c.Register(subject, schemaregistry.SchemaInfo{Schema: userBreaking}, false))

	// No subject-level level yet: Confluent answers 40408; with defaultToGlobal the global level.
	out["subject_level_unset"] = attempt(c.GetCompatibility(subject))
	if cfg, err := c.GetConfig(subject, true); err != nil {
		out["subject_config_default_to_global"] = map[string]any{"error": failure(err)}
	} else {
		out["subject_config_default_to_global"] = map[string]any{"value": level(cfg.CompatibilityLevel)}
	}
	updated := must(c.UpdateCompatibility(subject, schemaregistry.None))
	out["update_subject"] = level(updated)
	out["get_subject"] = level(must(c.GetCompatibility(subject)))
	out["incompatible_under_none"] = must(c.TestCompatibility(subject, 1, schemaregistry.SchemaInfo{Schema: userBreaking}))
	out["register_under_none"] = attempt(c.Register(subject, schemaregistry.SchemaInfo{Schema: userBreaking}, false))
	out["versions"] = must(c.GetAllVersions(subject))

	cfg := must(c.UpdateConfig(subject, schemaregistry.ServerConfig{CompatibilityUpdate: schemaregistry.FullTransitive}))
	out["update_config"] = level(cfg.CompatibilityUpdate)
	got := must(c.GetConfig(subject, false))
	out["get_config"] = level(got.CompatibilityLevel)

	out["global_before"] = level(must(c.GetDefaultCompatibility()))
	out["update_global"] = level(must(c.UpdateDefaultCompatibility(schemaregistry.Forward)))
	out["global_after"] = level(must(c.GetDefaultCompatibility()))
	out["default_config"] = level(must(c.GetDefaultConfig()).CompatibilityLevel)
	out["update_default_config"] = level(must(c.UpdateDefaultConfig(schemaregistry.ServerConfig{CompatibilityUpdate: schemaregistry.Backward})).CompatibilityUpdate)
	out["global_restored"] = level(must(c.GetDefaultCompatibility()))
}

// ServerConfig.Normalize (Confluent's "normalize" config key) set on a subject and read back.
func scenarioConfigNormalize(url, prefix string, out result) {
	c := newClient(url)
	subject := prefix + "-normalize-value"
	updated := must(c.UpdateConfig(subject, schemaregistry.ServerConfig{CompatibilityUpdate: schemaregistry.Backward, Normalize: true}))
	out["update_config"] = map[string]any{"compatibility": level(updated.CompatibilityUpdate), "normalize": updated.Normalize}
	read := must(c.GetConfig(subject, false))
	out["get_config"] = map[string]any{"compatibilityLevel": level(read.CompatibilityLevel), "normalize": read.Normalize}
}

// Soft and permanent deletes of versions and subjects, and the errors around them.
func scenarioDelete(url, prefix string, out result) {
	c := newClient(url)
	subject := prefix + "-del-value"
	for _, s := range []string{userV1, userV2, userV3} {
		must(c.Register(subject, schemaregistry.SchemaInfo{Schema: s}, false))
	}
	out["versions_before"] = must(c.GetAllVersions(subject))
	out["delete_version_2"] = must(c.DeleteSubjectVersion(subject, 2, false))
	out["versions_after_soft"] = must(c.GetAllVersions(subject))
	out["soft_deleted_read"] = attempt(newClient(url).GetSchemaMetadata(subject, 2))
	out["soft_deleted_read_deleted"] = attempt(newClient(url).GetSchemaMetadataIncludeDeleted(subject, 2, true))
	out["soft_deleted_version_lookup"] = attempt(newClient(url).GetVersionIncludeDeleted(subject, schemaregistry.SchemaInfo{Schema: userV2}, false, true))
	out["delete_version_2_again"] = attempt(c.DeleteSubjectVersion(subject, 2, false))
	out["permanent_without_soft"] = attempt(c.DeleteSubjectVersion(subject, 3, true))
	out["delete_version_2_permanent"] = attempt(c.DeleteSubjectVersion(subject, 2, true))
	out["permanent_deleted_read"] = attempt(newClient(url).GetSchemaMetadataIncludeDeleted(subject, 2, true))
	out["delete_missing_version"] = attempt(c.DeleteSubjectVersion(subject, 99, false))

	out["delete_subject_permanent_first"] = attempt(c.DeleteSubject(subject, true))
	out["delete_subject"] = attempt(c.DeleteSubject(subject, false))
	subjects := must(c.GetAllSubjects())
	listed := false
	for _, s := range subjects {
		listed = listed || s == subject
	}
	out["listed_after_soft_delete"] = listed
	out["latest_after_soft_delete"] = attempt(newClient(url).GetLatestSchemaMetadata(subject))
	out["read_deleted_after_soft_delete"] = attempt(newClient(url).GetSchemaMetadataIncludeDeleted(subject, 1, true))
	out["delete_subject_again"] = attempt(c.DeleteSubject(subject, false))
	out["delete_subject_permanent"] = attempt(c.DeleteSubject(subject, true))
	out["read_deleted_after_permanent"] = attempt(newClient(url).GetSchemaMetadataIncludeDeleted(subject, 1, true))
	out["delete_missing_subject"] = attempt(c.DeleteSubject(prefix+"-missing", false))
	out["delete_version_missing_subject"] = attempt(c.DeleteSubjectVersion(prefix+"-missing", 1, false))

	// The latest version can be deleted by number; a new registration then continues the numbering.
	other := prefix + "-del2-value"
	must(c.Register(other, schemaregistry.SchemaInfo{Schema: userV1}, false))
	must(c.Register(other, schemaregistry.SchemaInfo{Schema: userV2}, false))
	out["delete_latest"] = attempt(c.DeleteSubjectVersion(other, 2, false))
	out["latest_after_delete_latest"] = attempt(newClient(url).GetLatestSchemaMetadata(other))
	must(newClient(url).Register(other, schemaregistry.SchemaInfo{Schema: userV3}, false))
	out["versions_after_reregister"] = must(c.GetAllVersions(other))
}

// Reading is serialized with the avrov2 serde (schema derived from the struct) and the JSON Schema serde.
type Reading struct {
	Sensor string   `avro:"sensor" json:"sensor"`
	Value  float64  `avro:"value" json:"value"`
	Tags   []string `avro:"tags" json:"tags"`
}

type Money struct {
	Currency string `avro:"currency"`
	Units    int64  `avro:"units"`
}

type Payment struct {
	ID     string `avro:"id"`
	Amount Money  `avro:"amount"`
}

const (
	moneyAvro   = `{"type":"record","name":"Money","namespace":"go.test","fields":[{"name":"currency","type":"string"},{"name":"units","type":"long"}]}`
	paymentAvro = `{"type":"record","name":"Payment","namespace":"go.test","fields":[{"name":"id","type":"string"},{"name":"amount","type":"go.test.Money"}]}`
)

// Avro: serialize with auto-registration, deserialize with a client that has never seen the schema; then a schema
// with a reference to another subject, serialized with use.latest.version.
func scenarioSerdeAvro(url, prefix string, out result) {
	topic := prefix + "-readings"
	ser := must(avrov2.NewSerializer(newClient(url), serde.ValueSerde, avrov2.NewSerializerConfig()))
	in := Reading{Sensor: "s-1", Value: 21.5, Tags: []string{"a", "b"}}
	payload := must(ser.Serialize(topic, &in))
	out["wire"] = wire(payload)
	again := must(must(avrov2.NewSerializer(newClient(url), serde.ValueSerde, avrov2.NewSerializerConfig())).Serialize(topic, &in))
	out["same_bytes_again"] = string(again) == string(payload)

	de := must(avrov2.NewDeserializer(newClient(url), serde.ValueSerde, avrov2.NewDeserializerConfig()))
	var back Reading
	if err := de.DeserializeInto(topic, payload, &back); err != nil {
		panic(fatal{"DeserializeInto", err})
	}
	out["roundtrip"] = reflect.DeepEqual(in, back)
	out["decoded"] = back
	// Deserialize without a target: the MessageFactory is told the writer schema's full name.
	generic := must(avrov2.NewDeserializer(newClient(url), serde.ValueSerde, avrov2.NewDeserializerConfig()))
	generic.MessageFactory = func(subject string, name string) (interface{}, error) {
		out["factory_subject"], out["factory_name"] = subject, name
		var v any
		return &v, nil
	}
	decoded := must(generic.Deserialize(topic, payload))
	out["decoded_generic"] = decoded

	// Not auto-registering and the schema already there: the serializer looks the schema up (POST /subjects/{s}).
	lookupConf := avrov2.NewSerializerConfig()
	lookupConf.AutoRegisterSchemas = false
	lookup := must(must(avrov2.NewSerializer(newClient(url), serde.ValueSerde, lookupConf)).Serialize(topic, &in))
	out["lookup_same_bytes"] = string(lookup) == string(payload)
	out["lookup_unregistered"] = attempt(must(avrov2.NewSerializer(newClient(url), serde.ValueSerde, lookupConf)).Serialize(prefix+"-unregistered", &in))

	// A schema with a reference, chosen by use.latest.version.
	c := newClient(url)
	moneySubject := prefix + "-money"
	out["money_id"] = must(c.Register(moneySubject, schemaregistry.SchemaInfo{Schema: moneyAvro}, false))
	paymentTopic := prefix + "-payments"
	out["payment_id"] = must(c.Register(paymentTopic+"-value", schemaregistry.SchemaInfo{Schema: paymentAvro,
		References: []schemaregistry.Reference{{Name: "go.test.Money", Subject: moneySubject, Version: 1}}}, false))
	latestConf := avrov2.NewSerializerConfig()
	latestConf.AutoRegisterSchemas = false
	latestConf.UseLatestVersion = true
	pay := Payment{ID: "p-1", Amount: Money{Currency: "EUR", Units: 1250}}
	payPayload := must(must(avrov2.NewSerializer(newClient(url), serde.ValueSerde, latestConf)).Serialize(paymentTopic, &pay))
	out["payment_wire"] = wire(payPayload)
	var payBack Payment
	if err := must(avrov2.NewDeserializer(newClient(url), serde.ValueSerde, avrov2.NewDeserializerConfig())).DeserializeInto(paymentTopic, payPayload, &payBack); err != nil {
		panic(fatal{"DeserializeInto Payment", err})
	}
	out["payment_roundtrip"] = reflect.DeepEqual(pay, payBack)
}

// JSON Schema: the schema is derived from the struct by invopop/jsonschema (draft 2020-12, $defs and $ref),
// serialized with validation, deserialized by a fresh client; a registered schema with a bound
// rejects a value through use.latest.version.
func scenarioSerdeJSON(url, prefix string, out result) {
	topic := prefix + "-json-readings"
	conf := jsonschema.NewSerializerConfig()
	conf.EnableValidation = true
	ser := must(jsonschema.NewSerializer(newClient(url), serde.ValueSerde, conf))
	in := Reading{Sensor: "s-2", Value: 3.25, Tags: []string{"x"}}
	payload := must(ser.Serialize(topic, &in))
	out["wire"] = wire(payload)
	out["body"] = string(payload[5:])
	// (The deserializer's EnableValidation validates the decoded Go value itself, which the validator cannot do for
	// a struct target: "invalid jsonType: *main.Reading" with any registry, so it stays off here.)
	de := must(jsonschema.NewDeserializer(newClient(url), serde.ValueSerde, jsonschema.NewDeserializerConfig()))
	var back Reading
	if err := de.DeserializeInto(topic, payload, &back); err != nil {
		panic(fatal{"DeserializeInto", err})
	}
	out["roundtrip"] = reflect.DeepEqual(in, back)

	strictTopic := prefix + "-strict"
	strict := `{"type":"object","properties":{"sensor":{"type":"string"},"value":{"type":"number","minimum":0},"tags":{"type":"array","items":{"type":"string"}}},"required":["sensor","value"]}`
	out["strict_id"] = must(newClient(url).Register(strictTopic+"-value", schemaregistry.SchemaInfo{Schema: strict, SchemaType: "JSON"}, false))
	lconf := jsonschema.NewSerializerConfig()
	lconf.EnableValidation = true
	lconf.AutoRegisterSchemas = false
	lconf.UseLatestVersion = true
	lser := must(jsonschema.NewSerializer(newClient(url), serde.ValueSerde, lconf))
	good := must(lser.Serialize(strictTopic, &Reading{Sensor: "ok", Value: 1, Tags: []string{}}))
	out["strict_wire"] = wire(good)
	_, err := lser.Serialize(strictTopic, &Reading{Sensor: "bad", Value: -1, Tags: []string{}})
	out["strict_rejected"] = failure(err)
}

const (
	commonFile = "go/test/common.proto"
	orderFile  = "go/test/order.proto"
	// Header comes first, so Order's message index is [1]; Order.Line is nested.
	serdeCommon = "syntax = \"proto3\";\npackage go.test;\n\nmessage Money {\n  string currency = 1;\n  int64 units = 2;\n}\n"
	serdeOrder  = `syntax = "proto3";
package go.test;

import "go/test/common.proto";
import "google/protobuf/timestamp.proto";

message Header {
  string source = 1;
}

message Order {
  message Line {
    string sku = 1;
    int32 quantity = 2;
  }
  string id = 1;
  go.test.Money total = 2;
  repeated Line lines = 3;
  google.protobuf.Timestamp placed = 4;
  map<string, string> labels = 5;
  oneof payment {
    string card = 6;
    string voucher = 7;
  }
}
`
)

// Protobuf: messages built at run time (protoparse + dynamicpb, so no protoc is needed) from a file that imports
// another file (registered by the serializer as its own subject, a reference) and a well-known type.
func scenarioSerdeProtobuf(url, prefix string, out result) {
	parser := protoparse.Parser{Accessor: protoparse.FileContentsFromMap(map[string]string{commonFile: serdeCommon, orderFile: serdeOrder})}
	files := must(parser.ParseFiles(orderFile))
	orderDesc := files[0].FindMessage("go.test.Order").UnwrapMessage()
	order := dynamicpb.NewMessage(orderDesc)
	text := `{"id":"o-1","total":{"currency":"EUR","units":"1999"},"lines":[{"sku":"a","quantity":2},{"sku":"b","quantity":1}],"placed":"2024-05-01T12:00:00Z","labels":{"k":"v"},"voucher":"V10"}`
	if err := protojson.Unmarshal([]byte(text), order); err != nil {
		panic(fatal{"build message", err})
	}
	topic := prefix + "-proto-orders"
	ser := must(protobuf.NewSerializer(newClient(url), serde.ValueSerde, protobuf.NewSerializerConfig()))
	payload := must(ser.Serialize(topic, order))
	out["wire"] = wire(payload)
	if len(payload) > 6 {
		out["message_indexes_bytes"] = fmt.Sprintf("%x", payload[5:7])
	}

	de := must(protobuf.NewDeserializer(newClient(url), serde.ValueSerde, protobuf.NewDeserializerConfig()))
	types := []protoreflect.MessageDescriptor{orderDesc, files[0].FindMessage("go.test.Header").UnwrapMessage()}
	for _, md := range types {
		if err := de.ProtoRegistry.RegisterMessage(dynamicpb.NewMessageType(md)); err != nil {
			panic(fatal{"register message type", err})
		}
	}
	back := must(de.Deserialize(topic, payload))
	msg, ok := back.(proto.Message)
	check("Deserialize result", ok, back)
	out["decoded_type"] = string(msg.ProtoReflect().Descriptor().FullName())
	out["roundtrip"] = proto.Equal(order, msg)
	out["sent"] = protojson.Format(order)
	out["decoded"] = protojson.Format(msg)

	c := newClient(url)
	out["reference_versions"] = attempt(c.GetAllVersions(commonFile))
	out["order_latest"] = metadata(must(c.GetLatestSchemaMetadata(topic + "-value")))

	// A second serializer (fresh client) finds both schemas already registered: the same id and message indexes.
	// (Not the same bytes: dynamicpb writes the fields in no fixed order.)
	again := must(must(protobuf.NewSerializer(newClient(url), serde.ValueSerde, protobuf.NewSerializerConfig())).Serialize(topic, order))
	out["same_prefix_again"] = len(again) > 7 && string(again[:7]) == string(payload[:7])
}
