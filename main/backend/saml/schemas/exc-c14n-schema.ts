// exc-c14n.xsd: the W3C schema for Exclusive XML Canonicalization's InclusiveNamespaces element
// (REC 2002, §3 / Schema). xmldsig's CanonicalizationMethod and Transform take any element with
// strict processing, so without this declaration every signature carrying a PrefixList (ADFS,
// Shibboleth) would fail schema validation.
export const excC14nXsd = `<?xml version="1.0" encoding="utf-8"?>
<schema xmlns="http://www.w3.org/2001/XMLSchema"
        xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#"
        targetNamespace="http://www.w3.org/2001/10/xml-exc-c14n#"
        version="0.1" elementFormDefault="qualified">
  <element name="InclusiveNamespaces" type="ec:InclusiveNamespaces"/>
  <complexType name="InclusiveNamespaces">
    <attribute name="PrefixList" type="NMTOKENS"/>
  </complexType>
</schema>
`;
