//! What the lead told Jeff about themselves: address, employment, income, recent loan, ID
//! documents and collaterals.

use chrono::NaiveDate;
use leadkit_core::lenient::{
    Extra, null_as_default, option_boolean, option_naive_date, option_number, option_open_enum,
    option_text,
};
use leadkit_core::open_enum;
use serde::{Deserialize, Serialize};

open_enum! {
    /// The lead's gender.
    pub enum Gender {
        /// Male.
        Male = "MALE",
        /// Female.
        Female = "FEMALE",
    }
}

open_enum! {
    /// `employment.status`.
    pub enum EmploymentStatus {
        /// Employed.
        Employed = "EMPLOYED",
        /// Unemployed.
        Unemployed = "UNEMPLOYED",
    }
}

open_enum! {
    /// `employment.occupation`: the 22 documented occupations.
    pub enum Occupation {
        /// Police.
        Police = "POLICE",
        /// Blue-collar worker.
        BlueCollar = "BLUE_COLLAR",
        /// Business owner.
        BusinessOwner = "BUSINESS_OWNER",
        /// Unemployed.
        Unemployed = "UNEMPLOYED",
        /// Driver.
        Driver = "DRIVER",
        /// Freelancer.
        Freelancer = "FREELANCER",
        /// Lawyer.
        Lawyer = "LAWYER",
        /// Retired.
        Retired = "RETIRED",
        /// Journalist.
        Journalist = "JOURNALIST",
        /// White-collar worker.
        WhiteCollar = "WHITE_COLLAR",
        /// Farmer.
        Farmer = "FARMER",
        /// Military personnel.
        MilitaryPersonnel = "MILITARY_PERSONNEL",
        /// Self-employed.
        SelfEmployed = "SELF_EMPLOYED",
        /// Employed.
        Employed = "EMPLOYED",
        /// Student.
        Student = "STUDENT",
        /// Housewife.
        Housewife = "HOUSEWIFE",
        /// Private sector.
        PrivateSector = "PRIVATE_SECTOR",
        /// Public sector.
        PublicSector = "PUBLIC_SECTOR",
        /// Business process outsourcing.
        BusinessProcessOutsourcing = "BUSINESS_PROCESS_OUTSOURCING",
        /// Overseas worker.
        OverseasWorker = "OVERSEAS_WORKER",
        /// Foreign resident.
        ForeignResident = "FOREIGN_RESIDENT",
        /// Other.
        Other = "OTHER",
    }
}

open_enum! {
    /// `idDocuments[].type`: the 7 documented ID document types.
    pub enum IdDocumentType {
        /// Social Security System ID (Philippines).
        SocialSecuritySystemId = "SOCIAL_SECURITY_SYSTEM_ID",
        /// Unified Multi-Purpose ID (Philippines).
        UnifiedMultiPurposeId = "UNIFIED_MULTI_PURPOSE_ID",
        /// Driver's licence.
        DriversLicense = "DRIVERS_LICENSE",
        /// Passport.
        Passport = "PASSPORT",
        /// Tax identification number.
        TaxIdentificationNumber = "TAX_IDENTIFICATION_NUMBER",
        /// PAN card (India).
        PanCard = "PAN_CARD",
        /// Aadhaar card (India).
        AadhaarCard = "AADHAAR_CARD",
    }
}

open_enum! {
    /// `collaterals.types[]`: the 11 documented collateral types.
    pub enum CollateralType {
        /// Motorbike.
        Motorbike = "MOTORBIKE",
        /// Car.
        Car = "CAR",
        /// Motorbike registration.
        MotorbikeRegistration = "MOTORBIKE_REGISTRATION",
        /// Car registration.
        CarRegistration = "CAR_REGISTRATION",
        /// Real estate.
        RealEstate = "REAL_ESTATE",
        /// Jewelry.
        Jewelry = "JEWELRY",
        /// Cell phone.
        CellPhone = "CELL_PHONE",
        /// Tablet.
        Tablet = "TABLET",
        /// Laptop.
        Laptop = "LAPTOP",
        /// Camera.
        Camera = "CAMERA",
        /// Other.
        Other = "OTHER",
    }
}

/// `address`: the lead's residential address.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Address {
    /// Region.
    #[serde(default, with = "option_text")]
    pub region: Option<String>,
    /// Province.
    #[serde(default, with = "option_text")]
    pub province: Option<String>,
    /// City.
    #[serde(default, with = "option_text")]
    pub city: Option<String>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `employment`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Employment {
    /// Employment status.
    #[serde(default, with = "option_open_enum")]
    pub status: Option<EmploymentStatus>,
    /// Occupation.
    #[serde(default, with = "option_open_enum")]
    pub occupation: Option<Occupation>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `income`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Income {
    /// Monthly income, in `currency`.
    #[serde(default, with = "option_number")]
    pub monthly_income: Option<f64>,
    /// Currency of the monthly income (`VND`, `PHP`, `MXN`, …).
    #[serde(default, with = "option_text")]
    pub currency: Option<String>,
    /// Whether the income is official.
    #[serde(default, with = "option_boolean")]
    pub is_income_official: Option<bool>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `recentLoan`: what the lead said about their last loan.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RecentLoan {
    /// Whether the lead had a recent loan.
    #[serde(default, with = "option_boolean")]
    pub exists: Option<bool>,
    /// Whether it was repaid.
    #[serde(default, with = "option_boolean")]
    pub paid: Option<bool>,
    /// Whether it is or was overdue.
    #[serde(default, with = "option_boolean")]
    pub overdue: Option<bool>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One entry of `idDocuments`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IdDocument {
    /// Document type.
    #[serde(rename = "type", default, with = "option_open_enum")]
    pub document_type: Option<IdDocumentType>,
    /// Issue date.
    #[serde(default, with = "option_naive_date")]
    pub issue_date: Option<NaiveDate>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `collaterals`: what the lead could offer as collateral.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Collaterals {
    /// Collateral types available to the lead.
    #[serde(default, deserialize_with = "null_as_default")]
    pub types: Vec<CollateralType>,
    /// Fields this version of the client does not know, kept as sent.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_value_counts() {
        assert_eq!(Occupation::KNOWN.len(), 22);
        assert_eq!(IdDocumentType::KNOWN.len(), 7);
        assert_eq!(CollateralType::KNOWN.len(), 11);
        for occupation in Occupation::KNOWN {
            assert_eq!(&Occupation::from_vendor(occupation.as_str()), occupation);
        }
    }
}
