//! Facts straight into CEL's runtime values.
//!
//! `cel::to_value` builds a `cel::Value` tree, which the context then copies a second time
//! into boxed runtime values; on a full fact set that double conversion cost several times
//! more than evaluating every rule. This serializer builds the runtime values directly, once.
//! It speaks the same mapping as `to_value` (structs and maps → maps with string keys, enums
//! → their word, sequences → lists, `None` → null), so rules see exactly the same facts.

use cel::common::types::{CelBool, CelInt, CelList, CelMap, CelMapKey, CelNull, CelString, CelUInt};
use cel::common::value::Val;
use serde::Serialize;
use serde::ser::{self, Impossible};
use std::collections::HashMap;

/// A boxed CEL runtime value that owns its data.
pub(super) type Boxed = Box<dyn Val + 'static>;

/// A fact that CEL has no shape for (bytes, floats, tuples…), which facts never contain.
#[derive(Debug, thiserror::Error)]
#[error("cannot hand this fact to CEL: {0}")]
pub(super) struct Unsupported(String);

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Unsupported(msg.to_string())
    }
}

/// Converts any serialisable fact into a CEL runtime value.
pub(super) fn to_val<T: Serialize + ?Sized>(value: &T) -> Result<Boxed, Unsupported> {
    value.serialize(Values(None))
}

/// Converts a fact struct keeping only the fields `keep` accepts (what the rules about to run
/// read); the fields' own values are converted whole.
pub(super) fn to_val_picking<T: Serialize + ?Sized>(
    value: &T,
    keep: &dyn Fn(&str) -> bool,
) -> Result<Boxed, Unsupported> {
    value.serialize(Values(Some(keep)))
}

/// The serializer; with a filter, the outermost struct's fields are picked by it.
struct Values<'k>(Option<&'k dyn Fn(&str) -> bool>);

fn unsupported<T>(what: &str) -> Result<T, Unsupported> {
    Err(Unsupported(format!("{what} is not a fact type")))
}

impl<'k> ser::Serializer for Values<'k> {
    type Ok = Boxed;
    type Error = Unsupported;
    type SerializeSeq = List;
    type SerializeTuple = Impossible<Boxed, Unsupported>;
    type SerializeTupleStruct = Impossible<Boxed, Unsupported>;
    type SerializeTupleVariant = Impossible<Boxed, Unsupported>;
    type SerializeMap = Map<'k>;
    type SerializeStruct = Map<'k>;
    type SerializeStructVariant = Impossible<Boxed, Unsupported>;

    fn serialize_bool(self, v: bool) -> Result<Boxed, Unsupported> {
        Ok(Box::new(CelBool::from(v)))
    }
    fn serialize_i8(self, v: i8) -> Result<Boxed, Unsupported> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<Boxed, Unsupported> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<Boxed, Unsupported> {
        self.serialize_i64(i64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<Boxed, Unsupported> {
        Ok(Box::new(CelInt::from(v)))
    }
    fn serialize_u8(self, v: u8) -> Result<Boxed, Unsupported> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<Boxed, Unsupported> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<Boxed, Unsupported> {
        self.serialize_u64(u64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<Boxed, Unsupported> {
        Ok(Box::new(CelUInt::from(v)))
    }
    fn serialize_f32(self, _: f32) -> Result<Boxed, Unsupported> {
        unsupported("a floating-point number")
    }
    fn serialize_f64(self, _: f64) -> Result<Boxed, Unsupported> {
        unsupported("a floating-point number")
    }
    fn serialize_char(self, v: char) -> Result<Boxed, Unsupported> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Boxed, Unsupported> {
        Ok(Box::new(CelString::from(v.to_owned())))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Boxed, Unsupported> {
        unsupported("bytes")
    }
    fn serialize_none(self) -> Result<Boxed, Unsupported> {
        Ok(Box::new(CelNull))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Boxed, Unsupported> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Boxed, Unsupported> {
        Ok(Box::new(CelNull))
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Boxed, Unsupported> {
        Ok(Box::new(CelNull))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Boxed, Unsupported> {
        Ok(Box::new(CelString::from(variant)))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Boxed, Unsupported> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Boxed, Unsupported> {
        unsupported("an enum with data")
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<List, Unsupported> {
        Ok(List(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        unsupported("a tuple")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        unsupported("a tuple struct")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        unsupported("an enum with data")
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Map<'k>, Unsupported> {
        Ok(Map { entries: HashMap::with_capacity(len.unwrap_or(0)), key: None, keep: None })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Map<'k>, Unsupported> {
        Ok(Map { entries: HashMap::with_capacity(len), key: None, keep: self.0 })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        unsupported("an enum with data")
    }
}

struct List(Vec<Boxed>);

impl ser::SerializeSeq for List {
    type Ok = Boxed;
    type Error = Unsupported;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        self.0.push(to_val(value)?);
        Ok(())
    }
    fn end(self) -> Result<Boxed, Unsupported> {
        Ok(Box::new(CelList::from(self.0)))
    }
}

struct Map<'k> {
    entries: HashMap<CelMapKey<'static>, Boxed>,
    key: Option<CelMapKey<'static>>,
    /// Which fields of a struct to keep; all when `None`.
    keep: Option<&'k dyn Fn(&str) -> bool>,
}

impl ser::SerializeMap for Map<'_> {
    type Ok = Boxed;
    type Error = Unsupported;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Unsupported> {
        self.key = Some(key.serialize(Keys)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Unsupported> {
        let key = self.key.take().ok_or_else(|| Unsupported("a map value without a key".into()))?;
        self.entries.insert(key, to_val(value)?);
        Ok(())
    }
    fn end(self) -> Result<Boxed, Unsupported> {
        Ok(Box::new(CelMap::from(self.entries)))
    }
}

impl ser::SerializeStruct for Map<'_> {
    type Ok = Boxed;
    type Error = Unsupported;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        if self.keep.is_some_and(|keep| !keep(key)) {
            return Ok(());
        }
        // Field names are 'static: the key borrows them instead of allocating.
        self.entries.insert(CelMapKey::String(CelString::from(key)), to_val(value)?);
        Ok(())
    }
    fn end(self) -> Result<Boxed, Unsupported> {
        Ok(Box::new(CelMap::from(self.entries)))
    }
}

/// Map keys: facts only key maps by words.
struct Keys;

impl ser::Serializer for Keys {
    type Ok = CelMapKey<'static>;
    type Error = Unsupported;
    type SerializeSeq = Impossible<CelMapKey<'static>, Unsupported>;
    type SerializeTuple = Impossible<CelMapKey<'static>, Unsupported>;
    type SerializeTupleStruct = Impossible<CelMapKey<'static>, Unsupported>;
    type SerializeTupleVariant = Impossible<CelMapKey<'static>, Unsupported>;
    type SerializeMap = Impossible<CelMapKey<'static>, Unsupported>;
    type SerializeStruct = Impossible<CelMapKey<'static>, Unsupported>;
    type SerializeStructVariant = Impossible<CelMapKey<'static>, Unsupported>;

    fn serialize_str(self, v: &str) -> Result<Self::Ok, Unsupported> {
        Ok(CelMapKey::String(CelString::from(v.to_owned())))
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, Unsupported> {
        Ok(CelMapKey::String(CelString::from(variant)))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Self::Ok, Unsupported> {
        v.serialize(self)
    }
    fn serialize_bool(self, _: bool) -> Result<Self::Ok, Unsupported> {
        unsupported("a bool map key")
    }
    fn serialize_i8(self, _: i8) -> Result<Self::Ok, Unsupported> {
        unsupported("a number map key")
    }
    fn serialize_i16(self, _: i16) -> Result<Self::Ok, Unsupported> {
        unsupported("a number map key")
    }
    fn serialize_i32(self, _: i32) -> Result<Self::Ok, Unsupported> {
        unsupported("a number map key")
    }
    fn serialize_i64(self, _: i64) -> Result<Self::Ok, Unsupported> {
        unsupported("a number map key")
    }
    fn serialize_u8(self, _: u8) -> Result<Self::Ok, Unsupported> {
        unsupported("a number map key")
    }
    fn serialize_u16(self, _: u16) -> Result<Self::Ok, Unsupported> {
        unsupported("a number map key")
    }
    fn serialize_u32(self, _: u32) -> Result<Self::Ok, Unsupported> {
        unsupported("a number map key")
    }
    fn serialize_u64(self, _: u64) -> Result<Self::Ok, Unsupported> {
        unsupported("a number map key")
    }
    fn serialize_f32(self, _: f32) -> Result<Self::Ok, Unsupported> {
        unsupported("a number map key")
    }
    fn serialize_f64(self, _: f64) -> Result<Self::Ok, Unsupported> {
        unsupported("a number map key")
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok, Unsupported> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Self::Ok, Unsupported> {
        unsupported("a bytes map key")
    }
    fn serialize_none(self) -> Result<Self::Ok, Unsupported> {
        unsupported("a null map key")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Self::Ok, Unsupported> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, Unsupported> {
        unsupported("a null map key")
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, Unsupported> {
        unsupported("a null map key")
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, Unsupported> {
        unsupported("an enum map key")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unsupported> {
        unsupported("a list map key")
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unsupported> {
        unsupported("a tuple map key")
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unsupported> {
        unsupported("a tuple map key")
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unsupported> {
        unsupported("an enum map key")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unsupported> {
        unsupported("a map map key")
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Unsupported> {
        unsupported("a struct map key")
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unsupported> {
        unsupported("an enum map key")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Facts;

    /// The direct conversion and `cel::to_value` must agree, or rules would see other facts
    /// than the ones probed.
    #[test]
    fn the_direct_conversion_matches_to_value() {
        let facts = Facts::sample();
        for (direct, reference) in [
            (to_val(&facts.actor), cel::to_value(&facts.actor)),
            (to_val(&facts.order), cel::to_value(&facts.order)),
            (to_val(&facts.customer), cel::to_value(&facts.customer)),
            (to_val(&facts.draft), cel::to_value(&facts.draft)),
        ] {
            let direct = cel::Value::try_from(direct.unwrap().as_ref()).unwrap();
            assert_eq!(direct, reference.unwrap());
        }
    }

    #[test]
    fn picking_keeps_only_the_chosen_fields_whole() {
        let facts = Facts::sample();
        let keep = |field: &str| field == "items" || field == "total";
        let picked = cel::Value::try_from(to_val_picking(&facts.order, &keep).unwrap().as_ref()).unwrap();
        let cel::Value::Map(map) = picked else { panic!("the order is a map") };
        let mut keys: Vec<String> = map.map.keys().map(|k| k.to_string()).collect();
        keys.sort();
        assert_eq!(keys, ["items", "total"]);
        let items = cel::Value::try_from(to_val(&facts.order.items).unwrap().as_ref()).unwrap();
        assert_eq!(map.map.get(&cel::objects::Key::from("items")), Some(&items), "a kept field is whole");
    }
}
